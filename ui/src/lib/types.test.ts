// The wire types are spelled in one place. The suffixed names appear only in bindings.ts (generated)
// and types.ts (the aliases); every other file uses the aliases, and none imports from bindings.ts
// a name that there means both shapes at once (`Pilot = Pilot_Serialize | Pilot_Deserialize`).
import { describe, expect, it } from "vitest";

// Every source file of the UI, as text (Vite reads them at test time; nothing is executed).
const sources = import.meta.glob<string>(["/src/**/*.ts", "/src/**/*.svelte"], {
  query: "?raw",
  import: "default",
  eager: true,
});

const text = (name: string): string => {
  const found = sources[`/src/${name}`];
  if (found === undefined) throw new Error(`${name} is not among the sources`);
  return found;
};

/** Where the suffixed names may appear: the generated file, the alias module, and this test. */
const ALLOWED = new Set(["bindings.ts", "lib/types.ts", "lib/types.test.ts"]);

const files = Object.entries(sources)
  .map(([path, body]) => ({ name: path.replace(/^\/src\//, ""), body }))
  .filter((f) => !ALLOWED.has(f.name));

const aliases = [...text("lib/types.ts").matchAll(/^export type (\w+) = (\w+);$/gm)].map((m) => ({
  alias: m[1] ?? "",
  wire: m[2] ?? "",
}));

/** Names bindings.ts declares as the union of what Rust sends and what it accepts. */
const unions = new Set(
  [...text("bindings.ts").matchAll(/^export type (\w+) = \1_Serialize \| \1_Deserialize;$/gm)].map((m) => m[1] ?? ""),
);

/** The names a file imports from bindings.ts. */
function bindingImports(body: string): string[] {
  return [...body.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"(?:\.\.?\/)+bindings"/g)].flatMap((m) =>
    (m[1] ?? "")
      .split(",")
      .map((name) => name.replace(/^\s*type\s+/, "").trim())
      .filter((name) => name !== ""),
  );
}

describe("wire types", () => {
  it("are read from the sources this test expects", () => {
    expect(files.length, "the glob found the UI's files").toBeGreaterThan(20);
    expect(aliases.length, "types.ts declares its aliases as `export type A = B;`").toBeGreaterThan(10);
    expect(unions.has("Pilot"), "bindings.ts declares the both-ways unions").toBe(true);
  });

  it("are spelled with _Serialize / _Deserialize only in bindings.ts and types.ts", () => {
    const offenders = files.filter((f) => /\w_(?:Serialize|Deserialize)\b/.test(f.body)).map((f) => f.name);
    expect(offenders, "import the alias from lib/types.ts instead").toEqual([]);
  });

  it("are never imported from bindings.ts under a name that there means both shapes", () => {
    const offenders = files.flatMap((f) =>
      bindingImports(f.body)
        .filter((name) => unions.has(name))
        .map((name) => `${f.name}: ${name}`),
    );
    expect(offenders, "import these from lib/types.ts (add the alias there if it is missing)").toEqual([]);
  });

  it("are aliased by what they are: a read by the thing's name, an input by the name and Input", () => {
    for (const { alias, wire } of aliases) {
      const [, thing, side] = /^(\w+)_(Serialize|Deserialize)$/.exec(wire) ?? [];
      expect(thing, `${alias} aliases a wire type`).toBeDefined();
      expect(alias, `the alias of ${wire}`).toBe(side === "Serialize" ? thing : `${thing}Input`);
    }
  });
});
