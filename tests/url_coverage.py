"""Every URL pattern has a permission test: tests declare what they cover with ``@covers("name")``.

tests/test_url_permissions_meta.py imports every test module and fails when a named URL pattern
(outside the Django admin, which has its own staff check and its own test) is covered by none.
"""

COVERED_URL_NAMES: set[str] = set()


def covers(*url_names: str):
    COVERED_URL_NAMES.update(url_names)

    def decorator(test):
        return test

    return decorator
