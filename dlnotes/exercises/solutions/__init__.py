"""The solutions of the exercises, written the way the course asks a learner to write them.

One module per week (``c1w2``, ...), one function per exercise under the course's name.  The
solution notebooks are built from them (``python -m dlnotes.exercises build-solutions``): the
body of each exercise cell is replaced with the source of the function of the same name.  A
solution may use what the notebook around it defines: ``np``, ``d`` (dlnotes), ``copy`` and the
exercises solved before it in the same week.
"""
