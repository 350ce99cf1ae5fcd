"""The packages go test reported as not building, as the reports of this process say.

A package whose test binary does not build errors each of its tests with the compiler's
output ("build failed: ..."). The init-hazard analysis type-checks the same code and, where
the compiler fails, says it "could not check" the package with the same compiler text: a
second telling that adds nothing (a binary that does not build runs no init code). The
reporting process (the xdist controller, or the only process) gathers the packages from the
reports it logs, so the analysis's warnings can leave those out (plugin/hazards.py).

The names are the analyzer's: a package's import path, and its external test package's
(``p_test``, which the analyzer type-checks as a package of its own).
"""

from __future__ import annotations

from pytest_gotest.core.events import failed_package

__all__ = ["UnbuiltPackages"]


class UnbuiltPackages:
    """Import paths of packages that did not build in this run."""

    def __init__(self) -> None:
        self._paths: set[str] = set()

    def add(self, build_root: str, tested: str) -> None:
        """One build failure: Go's ``FailedBuild`` (``p_test [p.test]``, or a dependency's
        import path) and the import path of the package whose tests it stopped."""
        self._paths.add(failed_package(build_root))
        self._paths.update((tested, tested + "_test"))

    def __contains__(self, package: object) -> bool:
        return package in self._paths
