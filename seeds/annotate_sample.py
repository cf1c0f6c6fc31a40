"""Rebuild `hrw-azerbaijan-pows.jsonl`: the sample article annotated as an expert would.

Run from the repository root: `python -m seeds.annotate_sample`. Spans are located by
their text (the n-th whole-word occurrence), so the offsets are exact code points of the article.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop.domain import Document
from desktop.formats import jsonl
from desktop.workspace import Workspace, export_records

HERE = Path(__file__).resolve().parent
ARTICLE = HERE / "hrw-azerbaijan-pows.txt"
OUT = HERE / "hrw-azerbaijan-pows.jsonl"
LAYER = "example"
DOC_ID = "hrw-azerbaijan-pows"


def main() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    ws = Workspace.open(None)
    ws.set_annotator(LAYER)
    ws.add_documents([Document(DOC_ID, text, "HRW: Azerbaijani forces abused Armenian POWs")])

    def span(fragment: str, label: str, nth: int = 1, **attrs: str) -> str:
        pattern = r"(?<!\w)" + re.escape(fragment) + r"(?!\w)"
        start = [m.start() for m in re.finditer(pattern, text)][nth - 1]
        change = ws.add_span(DOC_ID, start, start + len(fragment), label, attrs=attrs)
        (span_id,) = change.span_ids
        return span_id

    def actor(name: str, kind: str, *aliases: str) -> str:
        ws.add_actor(name, kind, aliases)
        return ws.last_actor_id

    hrw = actor("Human Rights Watch", "NGO or IGO", "HRW", "The rights group")
    az_forces = actor(
        "Azerbaijani forces", "armed forces", "Azerbaijani captors", "Azerbaijani soldiers"
    )
    az_state = actor("Azerbaijan", "state", "Azerbaijani authorities")
    am_pows = actor("Armenian POWs", "victims or civilians", "Armenian troops")
    az_pows = actor("Azerbaijani POWs", "victims or civilians")
    armenia = actor("Armenia", "state")
    williamson = actor("Hugh Williamson", "official")
    hajiyev = actor("Hikmat Hajiyev", "official")

    def mention(fragment: str, actor_id: str, nth: int = 1) -> str:
        span_id = span(fragment, "ACTOR", nth, kind=ws.actor(actor_id).kind)
        ws.link_actor(span_id, actor_id)
        return span_id

    def link(head: str, child: str, role: str) -> None:
        ws.add_relation(head, child, role)

    # Paragraph 1: HRW accuses Azerbaijani forces of brutalizing Armenian troops.
    p1_hrw = mention("Human Rights Watch", hrw)
    p1_forces = mention("Azerbaijani forces", az_forces)
    brutal = span(
        "brutalizing some Armenian troops captured in the conflict",
        "ALLEGATION",
        category="abuse or mistreatment",
        status="asserted",
    )
    p1_troops = mention("Armenian troops", am_pows)
    link(brutal, p1_hrw, "accuser")
    link(brutal, p1_forces, "accused")
    link(brutal, p1_troops, "victim")

    # Paragraph 2: mistreatment on video, HRW said; Azerbaijan says it will investigate.
    acts = span(
        "Acts of mistreatment", "ALLEGATION", category="abuse or mistreatment", status="reported"
    )
    video = span("captured on video and circulated on social media", "EVIDENCE")
    p2_hrw = mention("HRW", hrw)
    link(acts, p2_hrw, "accuser")
    link(acts, video, "supported_by")
    p2_az = mention("Azerbaijan", az_state)
    will = span("it will investigate", "RESPONSE", stance="promise investigation")
    link(will, brutal, "responds_to")
    link(will, acts, "responds_to")
    link(will, p2_az, "respondent")

    # Paragraph 3: the rights group describes the videos.
    p3_group = mention("The rights group", hrw)
    p3_videos = span("the videos show", "EVIDENCE")
    slapping = span(
        "Azerbaijani captors variously slapping, kicking, and prodding Armenian POWs",
        "ALLEGATION",
        category="abuse or mistreatment",
        status="asserted",
    )
    p3_captors = mention("Azerbaijani captors", az_forces)
    p3_pows = mention("Armenian POWs", am_pows)
    link(slapping, p3_group, "accuser")
    link(slapping, p3_captors, "accused")
    link(slapping, p3_pows, "victim")
    link(slapping, p3_videos, "supported_by")

    # Paragraph 4: Hugh Williamson calls on Azerbaijani authorities to end the treatment.
    p4_hugh = mention("Hugh Williamson", williamson)
    p4_auth = mention("Azerbaijani authorities", az_state)
    inhumane = span(
        "the inhumane treatment", "ALLEGATION", category="abuse or mistreatment", status="asserted"
    )
    link(inhumane, p4_hugh, "accuser")
    link(inhumane, p4_auth, "accused")

    # Paragraph 6: the presidential aide regrets and promises an investigation.
    p6_aide = mention("Hikmat Hajiyev", hajiyev)
    promise = span(
        "all war crimes committed by Azerbaijani soldiers will be investigated",
        "RESPONSE",
        stance="promise investigation",
    )
    regret = span(
        "We do regret such kind of incidents happened", "RESPONSE", stance="regret or apologize"
    )
    for response in (promise, regret):
        link(response, brutal, "responds_to")
        link(response, p6_aide, "respondent")

    # Paragraph 8: Armenia investigates videos of abused Azerbaijani POWs.
    p8_hrw = mention("HRW", hrw, nth=5)
    p8_armenia = mention("Armenia", armenia, nth=2)
    abused = span(
        "Azerbaijani POWs being abused",
        "ALLEGATION",
        category="abuse or mistreatment",
        status="hedged",
    )
    p8_pows = mention("Azerbaijani POWs", az_pows)
    p8_videos = span("videos on social media", "EVIDENCE")
    investigating = span(
        "it is investigating videos on social media", "RESPONSE", stance="promise investigation"
    )
    link(abused, p8_hrw, "accuser")
    link(abused, p8_pows, "victim")
    link(abused, p8_videos, "supported_by")
    link(investigating, abused, "responds_to")
    link(investigating, p8_armenia, "respondent")

    ws.set_status(DOC_ID, "done")
    with OUT.open("wb") as stream:
        count = jsonl.write(stream, export_records(ws, [LAYER]))
    print(f"wrote {count} record(s) to {OUT}")


if __name__ == "__main__":
    main()
