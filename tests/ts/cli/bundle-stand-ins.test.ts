/*
 * The bundle replaces string-width with a count of code points (scripts/bundle/string-width.mjs): true of certrebind's
 * help only while it holds no wide, zero-width or combining character. A describe that brings one fails here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import stringWidth from "string-width";
// @ts-expect-error: a JavaScript module of the build, without types
import standInWidth from "../../../scripts/bundle/string-width.mjs";
import { run } from "../support/run.js";

const HELP_OF = [[], ["bindings"], ["events"], ["rebind"], ["task"], ["dsc"], ["capture"], ["version"], ["completion"]];

test("the bundle's string-width measures every line of certrebind's help as string-width does", async () => {
  for (const command of HELP_OF) {
    const help = await run([...command, "--help"]);
    assert.equal(help.exitCode, 0, command.join(" "));
    for (const line of help.stdout.split("\n")) assert.equal((standInWidth as (text: string) => number)(line), stringWidth(line), line);
  }
});

test("the bundle's string-width is the count of code points, colours left out", () => {
  const width = standInWidth as (text: string) => number;
  assert.equal(width("certrebind events … 1–65535"), 27);
  assert.equal(width("\u001B[31mred\u001B[39m"), 3);
  assert.notEqual(width("漢字"), stringWidth("漢字"), "wide characters are what it does not measure");
});
