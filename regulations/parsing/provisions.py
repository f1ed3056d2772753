"""What the text asks of whom (the obligations proposed) and what an amending act's provisions do to which
act: a part of the parser."""

from __future__ import annotations

from regulations import phrases

from .outline import ParsedAmendment, ParsedObligation
from .patterns import _ACT_NUMBER_RE, _AMEND_VERB_RE, _CITATION_TOKEN_RE, _OPEN_QUOTES, fold


class _ProvisionsReading:
    """Obligations and amendments (a part of ``_Parser``)."""

    def _propose_obligations(self) -> None:
        for article in self.result.articles:
            provisions = [(article.text, "", "", None)] if article.text and not article.clauses else []
            for clause in article.clauses:
                clause_lead = phrases.find_lead(fold(clause.text))
                provisions.append((clause.text, clause.number, "", None))
                provisions.extend((p.text, clause.number, p.letter, clause_lead) for p in clause.points)
            for text, clause_number, letter, inherited in provisions:
                for proposal in phrases.propose_obligations(
                    text, context=article.title, inherited_lead=inherited
                ):
                    self.result.obligations.append(
                        ParsedObligation(
                            article=article.number,
                            clause=clause_number,
                            point=letter,
                            action=text.split("\n")[0],
                            phrase=proposal.phrase,
                            rule=proposal.rule,
                            lead=proposal.lead.text if proposal.lead else "",
                            lead_kind=proposal.lead.kind if proposal.lead else "",
                            cooperating_kinds=[m.kind for m in proposal.cooperating],
                            deadline_code=proposal.deadline_code,
                            lead_text=proposal.lead_text,
                        )
                    )

    def _collect_amendments(self) -> None:
        """What each amending clause (or point, or article) of an amending act does, to which provision of
        which act."""
        default_act = _act_named(f"{self.result.title}\n{self.result.preamble}")
        for article in self.result.articles:
            article_act = _act_named(f"{article.title}\n{article.text}") or default_act
            units = [(article.title + ("\n" + article.text if article.text else ""), "", "", article.line)] \
                if not article.clauses else []
            for clause in article.clauses:
                units.append((clause.text, clause.number, "", clause.line))
                units.extend((p.text, clause.number, p.letter, p.line) for p in clause.points)
            parent_article = ""
            for text, clause_number, letter, line in units:
                amendment = _amendment_of(text, article=article.number, clause=clause_number, point=letter,
                                          act=article_act, line=line, parent_article=parent_article)
                if amendment is not None:
                    self.result.amendments.append(amendment)
                    if not letter:
                        parent_article = amendment.target_article


def _act_named(text: str) -> str:
    match = _ACT_NUMBER_RE.search(text)
    return f"{match.group(1)} số {match.group(2).rstrip('.')}" if match else ""


def _amendment_of(text: str, *, article: str, clause: str, point: str, act: str, line: int,
                  parent_article: str = "") -> ParsedAmendment | None:
    first = text.split("\n", 1)[0]
    cut = min((first.find(q) for q in (*_OPEN_QUOTES, '"') if q in first), default=len(first))
    instruction = first[:cut]
    folded = fold(instruction)
    verb = _AMEND_VERB_RE.search(folded)
    if not verb or verb.start() > 40:
        return None
    word = verb.group(1)
    action = {
        "sua doi, bo sung": "amend_supplement",
        "sua doi": "amend",
        "bo sung": "supplement",
        "bai bo": "repeal",
        "thay the": "replace",
        "thay cum tu": "replace",
        "bo cum tu": "repeal",
        "dieu chinh": "amend",
    }[word]
    tokens = [(m.group(1).lower(), m.group(2)) for m in _CITATION_TOKEN_RE.finditer(instruction)]
    levels = ["điểm", "khoản", "điều", "mục", "chương"]
    target = {level: "" for level in levels}
    if tokens:
        first_level = levels.index(tokens[0][0])
        target[tokens[0][0]] = tokens[0][1]
        for level in levels[first_level + 1:]:
            target[level] = next((value for name, value in tokens[1:] if name == level), "")
    if not any(target.values()) and "mot so dieu" not in folded:
        return None
    if "mot so dieu" in folded and not tokens:
        return None
    if not target["điều"] and (target["khoản"] or target["điểm"]):
        target["điều"] = parent_article
    quoted = text[len(instruction):] if cut < len(first) else (text.split("\n", 1)[1] if "\n" in text else "")
    new_text = quoted.strip().strip("“”\"«» ").rstrip("”\"» .;").strip() if quoted else ""
    return ParsedAmendment(
        article=article, clause=clause, point=point, action=action, target_act=_act_named(instruction) or act,
        target_chapter=target["chương"].upper(), target_section=target["mục"], target_article=target["điều"],
        target_clause=target["khoản"], target_point=target["điểm"].lower(), instruction=instruction.strip(),
        text=new_text, line=line,
    )
