/**
 * What the tools hand back to the model is bounded, because every character is paid for on every
 * later turn of the conversation. docs/agents.md lists these figures; keep the two in step.
 */
export const TOOL_LIMITS = {
  /** view_file refuses larger files (run_command with head/sed/grep can still look inside). */
  maxReadBytes: 2 * 1024 * 1024,
  /** create_file and str_replace refuse to leave a file larger than this. */
  maxWriteBytes: 1024 * 1024,
  /** view_file output, cut at a line boundary with a note saying where to continue. */
  maxViewChars: 40_000,
  /** list_files entries. */
  maxListEntries: 500,
  /** search: matching lines reported, and characters kept of each. */
  maxSearchMatches: 100,
  maxSearchLineChars: 240,
  /** search gives up after this long (a regular expression can backtrack for ages). */
  searchTimeoutMs: 10_000,
  /** Files visited by list_files and search before they stop walking. */
  maxWalkFiles: 50_000,
  /** run_command output: first and last characters of stdout+stderr. */
  commandHeadChars: 8_000,
  commandTailChars: 8_000,
} as const;
