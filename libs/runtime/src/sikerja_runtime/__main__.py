"""Operations on one service, without starting it.

    python -m sikerja_runtime org_registry.bootstrap:build_app asyncapi   # print the AsyncAPI document (YAML)
    python -m sikerja_runtime org_registry.bootstrap:build_app migrate    # apply migrations to SIKERJA_DATABASE_URL
"""

from __future__ import annotations

import argparse
import importlib
import sys


def _load_app(target: str):
    module_name, _, factory = target.partition(":")
    return getattr(importlib.import_module(module_name), factory)()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sikerja_runtime", description=__doc__)
    parser.add_argument("app_factory", help="module:function returning the service's FastAPI app")
    parser.add_argument("operation", choices=["asyncapi", "migrate"])
    args = parser.parse_args(argv)
    app = _load_app(args.app_factory)
    runtime = app.state.runtime
    if args.operation == "asyncapi":
        import yaml

        # Keys sorted so that the committed document only changes when the contract does.
        sys.stdout.write(yaml.safe_dump(app.state.asyncapi.to_specification().to_jsonable(), sort_keys=True,
                                        allow_unicode=True))
    else:
        from sikerja_database import upgrade_to_head

        upgrade_to_head(runtime.migrations, runtime.settings.database_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
