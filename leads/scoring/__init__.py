"""Lead scoring: a model learnt from the instance's own closed leads (converted vs lost) that gives every lead
a calibrated probability of conversion and its top reasons, in the reader's language.

- `features.py`: a lead's standard fields and custom attributes as a numeric matrix (the spec, with its
  vocabularies, is stored with the model).
- `train.py`: the held-out split, LightGBM with early stopping, Platt calibration, the metrics, the versioned
  `ScoringModel` and its activation only when it beats the active model on the same held-out leads.
- `scorer.py`: the active model loaded once per process; `score_rows` gives scores and reasons.
- `services.py`: `score_lead`, `score_leads`, `rescore_open_leads`, `train_scoring_model`.
- `explain.py`: the reasons rendered per language ("Country: India: +12 points").
"""
