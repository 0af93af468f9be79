"""Score maliwatch's understanding of the news against a labelled corpus (docs/evaluation.md).

``run.run_eval(path)`` reads a JSONL corpus (one story and its gold labels per line), runs the
product's analysis over the stories in published order — ``analyse_story`` then ``plan_events``
against an in-memory incident store, exactly the decisions ``process_story`` takes against the
database — and compares the result with the gold labels::

    corpus.jsonl ──load_corpus──▶ GoldStory ──predict_corpus──▶ CorpusPrediction
                                      │                              │
                                      └──────────── score ◀──────────┘──▶ EvalReport

The modules: ``values`` (keys, scores, the report), ``corpus`` (reading the file), ``memory``
(the in-memory store and the run), ``metrics`` (pure arithmetic, pinned by tests on hand-made
predictions), ``report`` (the table and the command line).
"""
