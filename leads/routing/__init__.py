"""Lead distribution: routing rules (versioned like the rules of engagement), the engine that applies them
(`engine.py`, one code path for real routing and for simulation), explanations (`explain.py`), the services
that offer, accept, decline, assign and reassign leads, and the acceptance SLA (`tasks.py`)."""
