"""Side-by-side benchmark of dlnotes against PyTorch (CPU) and scikit-learn: ``python -m bench``.

See bench/README.md.  Nothing here is imported by dlnotes; the optional peers (torch,
scikit-learn, threadpoolctl) are skipped with a clear message when they are missing.
"""
