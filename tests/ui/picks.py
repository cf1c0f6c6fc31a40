"""Spans of the sample test document that the role tests link: name -> (text, label)."""

PICKS = {
    "hrw": ("Human Rights Watch", "ACTOR"),
    "forces": ("Azerbaijani forces", "ACTOR"),
    "troops": ("Armenian troops", "ACTOR"),
    "allegation": ("brutalizing some Armenian troops captured in the conflict", "ALLEGATION"),
    "video": ("captured on video", "EVIDENCE"),
    "azerbaijan": ("Azerbaijan says", "ACTOR"),
    "response": ("it will investigate", "RESPONSE"),
}
