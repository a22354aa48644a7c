import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CertRebindError } from "../../../../ts-src/core/errors.js";
import { parseDesiredState, type DscResourceName } from "../../../../ts-src/core/dsc/desired-state.js";

describe("parseDesiredState", () => {
  const accepted: [string, DscResourceName, string, object][] = [
    ["no input at all", "CertBindingsCurrent", "", { resource: "CertBindingsCurrent", name: null, days: 30 }],
    ["white space and a byte order mark", "CertBindingsCurrent", "\uFEFF \n", { resource: "CertBindingsCurrent", name: null, days: 30 }],
    ["an empty object", "CertAutoRebind", "{}", { resource: "CertAutoRebind", exist: true, dailyAt: null, replaceBuiltIn: false }],
    ["DSC's compressed JSON", "CertBindingsCurrent", '{"name":"Web certificates","days":14}', { resource: "CertBindingsCurrent", name: "Web certificates", days: 14 }],
    ["days 0 and a null name", "CertBindingsCurrent", '{"name":null,"days":0}', { resource: "CertBindingsCurrent", name: null, days: 0 }],
    ["every CertAutoRebind property", "CertAutoRebind", '{"_exist":false,"dailyAt":"4:05","replaceBuiltIn":true}', { resource: "CertAutoRebind", exist: false, dailyAt: "04:05", replaceBuiltIn: true }],
    ["a null dailyAt", "CertAutoRebind", '{"dailyAt":null}', { resource: "CertAutoRebind", exist: true, dailyAt: null, replaceBuiltIn: false }],
    [
      "a state that get returned (read-only properties are ignored)",
      "CertBindingsCurrent",
      '{"days":30,"bindings":[],"changes":[],"reasons":[],"_inDesiredState":false}',
      { resource: "CertBindingsCurrent", name: null, days: 30 },
    ],
    [
      "a CertAutoRebind state that get returned",
      "CertAutoRebind",
      '{"_exist":true,"dailyAt":"03:30","replaceBuiltIn":true,"taskPath":"\\\\CertRebind\\\\AutoRebind","enabled":true,"current":true,"exePath":"C:\\\\x.exe","exeExists":true,"exeCurrent":null,"builtinTaskEnabled":null,"lastRunTime":null,"lastResult":null,"reasons":[]}',
      { resource: "CertAutoRebind", exist: true, dailyAt: "03:30", replaceBuiltIn: true },
    ],
  ];
  for (const [name, resource, text, expected] of accepted) {
    it(`accepts ${name}`, () => {
      assert.deepEqual(parseDesiredState(resource, text), expected);
    });
  }

  const refused: [string, DscResourceName, string, RegExp, string | null][] = [
    ["text that is not JSON", "CertBindingsCurrent", "days=30", /is not JSON/, null],
    ["two JSON objects", "CertBindingsCurrent", '{"days":1}{"days":2}', /is not JSON/, null],
    ["an array", "CertBindingsCurrent", "[]", /it is an array, not a JSON object/, null],
    ["null", "CertAutoRebind", "null", /it is null/, null],
    ["a number", "CertAutoRebind", "42", /it is a number/, null],
    ["an unknown property", "CertBindingsCurrent", '{"day":30}', /the property 'day' is not one of CertBindingsCurrent's; it has name, days/, "day"],
    ["a property of the other resource", "CertAutoRebind", '{"days":30}', /the property 'days' is not one of CertAutoRebind's/, "days"],
    ["Ensure, which is the class-based resource's word for _exist", "CertAutoRebind", '{"Ensure":"Present"}', /'Ensure' is not one of/, "Ensure"],
    ["days as text", "CertBindingsCurrent", '{"days":"30"}', /'days' must be a whole number of days from 0 to 3650, not "30"/, "days"],
    ["fractional days", "CertBindingsCurrent", '{"days":1.5}', /'days' must be a whole number/, "days"],
    ["negative days", "CertBindingsCurrent", '{"days":-1}', /not -1/, "days"],
    ["more than ten years", "CertBindingsCurrent", '{"days":3651}', /not 3651/, "days"],
    ["an empty name", "CertBindingsCurrent", '{"name":" "}', /'name' must be a non-empty string/, "name"],
    ["a number as name", "CertBindingsCurrent", '{"name":7}', /'name' must be a non-empty string, not 7/, "name"],
    ["_exist as text", "CertAutoRebind", '{"_exist":"true"}', /'_exist' must be true or false, not "true"/, "_exist"],
    ["replaceBuiltIn as a number", "CertAutoRebind", '{"replaceBuiltIn":1}', /'replaceBuiltIn' must be true or false/, "replaceBuiltIn"],
    ["24:00", "CertAutoRebind", '{"dailyAt":"24:00"}', /'dailyAt' must be a time of day as HH:MM, from 00:00 to 23:59, not "24:00"/, "dailyAt"],
    ["seconds", "CertAutoRebind", '{"dailyAt":"03:30:00"}', /not "03:30:00"/, "dailyAt"],
    ["a number as dailyAt", "CertAutoRebind", '{"dailyAt":330}', /not 330/, "dailyAt"],
  ];
  for (const [name, resource, text, message, target] of refused) {
    it(`refuses ${name} with CR2005, exit 2, naming the property`, () => {
      assert.throws(
        () => parseDesiredState(resource, text),
        (error: unknown) => {
          assert.ok(error instanceof CertRebindError);
          assert.equal(error.code, "CR2005");
          assert.equal(error.exitCode, 2);
          assert.equal(error.target, target);
          assert.match(error.message, new RegExp(`^The desired state of ${resource} on standard input is not valid: `));
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});
