"""The officials' workspace: sign-in per official and Vietnamese pages over the commands.

`Workspace` serves the pages (`nghedan_http.workspace.pages`), `AccountStore` keeps the
accounts (`accounts`), `SignIns` the signed-in sessions (`signin`), and `forms` turns the
core's command classes into HTML forms and back. ADR 0021 says why it is built so.
"""

from nghedan_http.workspace.accounts import Account, AccountStore
from nghedan_http.workspace.pages import Workspace, act

__all__ = ["Account", "AccountStore", "Workspace", "act"]
