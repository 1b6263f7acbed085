"""jhro's benchmarks: speed and size figures on a demo caseload, each beside a baseline.

``python -m bench.run`` (``make bench``) writes ``bench/RESULTS.md``; ``bench/README.md``
says how to read it and how to profile a figure that misses its target.
"""
