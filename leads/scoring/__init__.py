"""Lead scoring: a model learnt from the instance's own closed leads (converted vs lost) that gives every lead
a calibrated probability of conversion and its top reasons, in the reader's language.

- `features.py`: a lead's standard fields and custom attributes as a numeric matrix (the spec, with its
  vocabularies, is stored with the model).
- `train.py`: the held-out split, LightGBM with early stopping, Platt calibration, the metrics, the versioned
  `ScoringModel` and its activation only when it beats the active model on the same held-out leads.
- `scorer.py`: the active model loaded once per process; `score_rows` gives scores and reasons.
- `services.py`: `score_lead`, `score_leads`, `rescore_open_leads`, `train_scoring_model`.
- `explain.py`: the reasons rendered per language ("Country: India: +12 points").

Why LightGBM rather than scikit-learn's HistGradientBoosting (both are installed; the benchmark fits the
latter as the reference): `predict(..., pred_contrib=True)` gives every lead's exact per-feature contributions
(TreeSHAP) in log-odds, which are the reasons a lead shows; scikit-learn has no per-prediction attribution
without another library. LightGBM reads categorical attributes natively (no one-hot blow-up, missing as its
own branch), keeps its model as plain text (the artifact is JSON + model text, never a pickle), and trains the
benchmark's 6,500 leads × 5 folds in seconds on one thread.
"""
