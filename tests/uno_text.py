"""Test helper run by LibreOffice's Python (python3-uno), not by the test's interpreter.

``uno_text.py --soffice S --profile DIR --pipe NAME OUT.json MODE:FILE.docx ...`` opens
each DOCX in LibreOffice, accepts (``accept``) or rejects (``reject``) every tracked change
or leaves them (``plain``), and writes what LibreOffice then holds, as JSON: per
``MODE:FILE``, the body's paragraphs in order (a table's cells row by row) and the
footnotes' texts. Only the standard library and uno are imported here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path


def _count(access: object) -> int:
    walk = access.createEnumeration()  # type: ignore[attr-defined]
    count = 0
    while walk.hasMoreElements():
        walk.nextElement()
        count += 1
    return count


def main(argv: list[str]) -> int:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException

    parser = argparse.ArgumentParser()
    parser.add_argument("--soffice", required=True)
    parser.add_argument("--profile", required=True)
    parser.add_argument("--pipe", required=True)
    parser.add_argument("out")
    parser.add_argument("jobs", nargs="+")
    opts = parser.parse_args(argv)

    def props(**values: object) -> tuple[object, ...]:
        out = []
        for name, value in values.items():
            prop = PropertyValue()
            prop.Name = name
            prop.Value = value
            out.append(prop)
        return tuple(out)

    office = subprocess.Popen(
        [opts.soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         "--nolockcheck", "--nofirststartwizard",
         f"-env:UserInstallation={Path(opts.profile).resolve().as_uri()}",
         f"--accept=pipe,name={opts.pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    results: dict[str, dict[str, list[str]]] = {}
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 120
        while True:
            try:
                context = resolver.resolve(
                    f"uno:pipe,name={opts.pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if office.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("soffice did not start") from None
                time.sleep(0.25)
        smgr = context.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for job in opts.jobs:
            mode, path = job.split(":", 1)
            document = desktop.loadComponentFromURL(
                Path(path).resolve().as_uri(), "_blank", 0,
                props(Hidden=True, FilterName="MS Word 2007 XML"))
            try:
                redlines = _count(document.getRedlines())
                if mode != "plain":
                    frame = document.getCurrentController().getFrame()
                    command = (".uno:AcceptAllTrackedChanges" if mode == "accept"
                               else ".uno:RejectAllTrackedChanges")
                    dispatcher.executeDispatch(frame, command, "", 0, ())
                paragraphs: list[str] = []
                walk = document.getText().createEnumeration()
                while walk.hasMoreElements():
                    element = walk.nextElement()
                    if element.supportsService("com.sun.star.text.TextTable"):
                        paragraphs += [element.getCellByName(name).getString()
                                       for name in element.getCellNames()]
                    else:
                        paragraphs.append(element.getString())
                notes = document.getFootnotes()
                footnotes = [notes.getByIndex(i).getString() for i in range(notes.getCount())]
                left = _count(document.getRedlines())
                results[job] = {"paragraphs": paragraphs, "footnotes": footnotes,
                                "redlines": [redlines, left]}  # type: ignore[dict-item]
            finally:
                document.close(True)
        Path(opts.out).write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
        return 0
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:  # noqa: BLE001 - the bridge drops when soffice exits
                pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
