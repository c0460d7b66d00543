"""The browser tests themselves: they run in every suite, and never quietly skip."""

from pathlib import Path

import pytest

from tests.browser.conftest import require_chromium


def test_without_chromium_the_browser_tests_fail_saying_how_to_install_it():
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install -y chromium"):
        require_chromium(Path("/nonexistent/chromium"))
