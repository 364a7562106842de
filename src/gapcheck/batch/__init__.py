"""Batch runs: many states at once, one comparative matrix, resumable, failure-isolated.

    manifest ──load_manifest──▶ Manifest ──run_batch──▶ [StateOutcome] ──write_batch_outputs──▶ DIR/

``manifest`` parses and validates the list of states and files, ``cache`` keys
and stores finished reports, ``pool`` runs tasks in worker processes with a
per-task timeout, ``runner`` schedules a batch over the pool, ``matrix`` builds
the states × items comparison and ``outputs`` writes every file atomically.
"""
