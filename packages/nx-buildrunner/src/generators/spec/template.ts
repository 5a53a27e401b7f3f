/**
 * A new spec in the BuildRunner layout. The example feature sits in an HTML comment, so the
 * fresh spec plans no tasks until its author writes a real feature; the Notes subsection is what
 * makes the reader see a Features section (an empty one reads as a free-form document).
 */
export function specTemplate(title: string): string {
  return `# PROJECT_SPEC - ${title}

**Project:** ${title}
**Status:** Planned

---

## Overview

<!-- What the project is and for whom; the language, framework and test runner the tasks use. -->

---

## Features

### Notes

Every \`### Feature N: Name\` section below this one becomes one or more coding tasks of 60 to 120
minutes, each an Nx project with a \`br-task\` target. Paths are relative to this file's folder.
Copy the example out of the comment, then run \`nx show projects\` to see its tasks.

<!--
### Feature 1: Greeting
**Priority:** High
**Domain:** backend
**Duration:** 90 min

**Description:** A function that greets someone by name.

**Requirements:**
- \`greet(name)\` returns \`Hello, NAME!\`
- An empty name greets the world

**Implementation:**
- Create \`src/greet.js\`
- Create \`test/greet.test.js\`

**Acceptance Criteria:**
- [ ] \`greet("Ada")\` returns \`Hello, Ada!\`
- [ ] Tests pass

**Verify:**
- \`node --test test/greet.test.js\`

---

### Feature 2: Command Line
**Priority:** Medium
**Domain:** backend
**Depends on:** Feature 1

**Description:** \`greet NAME\` prints the greeting.

**Requirements:**
- Prints the greeting of its first argument

**Implementation:**
- Create \`src/cli.js\`

**Acceptance Criteria:**
- [ ] \`node src/cli.js Ada\` prints \`Hello, Ada!\`

**Verify:**
- \`node src/cli.js Ada\`
-->
`;
}
