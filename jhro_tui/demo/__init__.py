"""The demo caseload builder (``jhro demo``): a tool beside the application, not a service.

It writes the database through the same models and validation rules as the services, and
is used by nothing else of the application (the import contracts keep the UI from it).
"""

from jhro_tui.demo.build import DemoResult, build_demo
from jhro_tui.demo.offices import DEMO_PASSPHRASE

__all__ = ["DEMO_PASSPHRASE", "DemoResult", "build_demo"]
