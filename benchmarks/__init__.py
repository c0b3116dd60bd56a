"""`make bench`: what the SDK costs on top of raw httpx, and how fast the sandbox and the tool chain are.

Run ``python -m benchmarks`` (``--quick`` for tiny sizes, ``--only`` to pick benchmarks); see README.md.
"""
