"""The public pages (/cong-khai/): what voters and anyone may read without signing in — the published
rounds' petitions and answers, the reception schedule, the regulations in force, a feed and open data.

The top floor: it reads voters and regulations through their ``models`` and ``queries`` only, and never
writes. Nothing personal is shown (tests/public/test_no_personal_data.py)."""
