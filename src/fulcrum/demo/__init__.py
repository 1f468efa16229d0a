"""The demo: registers realistic systems and walks them through Fulcrum.

``run_demo(database)`` is what ``fulcrum demo`` does; each step is a function in
its own module, run in order from ``STEPS`` so that later issues can add steps.
"""

from fulcrum.demo._run import STEPS, DemoReport, run_demo

__all__ = ["STEPS", "DemoReport", "run_demo"]
