"""What a person reads on a list's tabs (templates/coordination/followup_list.html)."""

import re

TAB = re.compile(r'data-testid="tab-(\w+)"[^>]*>[^<]*<span class="tab__count">([\d.]+)</span>')


def tab_counts(html: str) -> dict[str, int]:
    """The tabs shown, in their order, each with the number on it."""
    return {key: int(count.replace(".", "")) for key, count in TAB.findall(html)}


def current_tab(html: str) -> str:
    return re.search(r'aria-current="page" data-testid="tab-(\w+)"', html).group(1)
