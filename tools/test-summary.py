#!/usr/bin/env python3
"""One line counting the tests of the last `mvn verify`: Surefire's (unit) and Failsafe's (end-to-end)
reports together. `make test` prints it last, whether the build passed or failed.

Usage: tools/test-summary.py [TARGET_DIR]   (default: target)
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET


def count(report_dir):
    """tests, failed (failure or error), skipped over every TEST-*.xml in report_dir.

    Counted by <testcase>, not by the suite's tests= attribute: Surefire files a JUnit 5 @Nested
    class's cases under the outer class's report while that report's attribute says tests="0".
    """
    tests = failed = skipped = 0
    for path in sorted(glob.glob(os.path.join(report_dir, "TEST-*.xml"))):
        try:
            suite = ET.parse(path).getroot()
        except ET.ParseError:
            # a report cut short (the JVM was killed mid-write): its tests cannot be counted
            print("test-summary: cannot read " + path, file=sys.stderr)
            continue
        for case in suite.iter("testcase"):
            tests += 1
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            elif case.find("skipped") is not None:
                skipped += 1
    return tests, failed, skipped


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else "target"
    unit = count(os.path.join(target, "surefire-reports"))
    end_to_end = count(os.path.join(target, "failsafe-reports"))
    tests, failed, skipped = (a + b for a, b in zip(unit, end_to_end))
    note = "Surefire {}, Failsafe {}".format(unit[0], end_to_end[0])
    if tests == 0:
        note = "no test reports: the build stopped before any test ran"
    print("Tests run: {}, failed: {}, skipped: {} ({})".format(tests, failed, skipped, note))


if __name__ == "__main__":
    main()
