// An asc transform (`asc --transform ./component/export-as.mjs`): gives a wasm
// export any name, which AssemblyScript cannot spell itself.
//
// The canonical ABI names a component's core exports after the WIT they lift
// to, `example:calc/operations#add`, `cabi_post_rosetta:kernel/image@1.0.0#blur`:
// not identifiers, and asc 0.28 has no `export { add as "..." }` (a parse
// error) and takes `@external("...")` only on imports (AS212 on an export).
// So a function of the entry file says its export name in a decorator,
//
//     @exportAs("example:calc/operations#add")
//     export function add(a: i32, b: i32): i32 { ... }
//
// and this transform renames the export once asc has compiled the module
// (afterCompile, before Binaryen optimizes it): same function, new name.
// asc itself ignores a decorator it does not know.

import { Transform } from "assemblyscript/transform";
import { CommonFlags, NodeKind, SourceKind } from "assemblyscript";

const DECORATOR = "exportAs";

export default class ExportAs extends Transform {
  /** AssemblyScript export name -> the name it is exported under. */
  renames = new Map();

  afterParse(parser) {
    for (const source of parser.sources) {
      for (const statement of source.statements) {
        const name = this.exportName(statement);
        if (name === null) continue;
        const where = `${source.normalizedPath}: ${statement.name.text}`;
        if (source.sourceKind !== SourceKind.UserEntry || !(statement.flags & CommonFlags.Export))
          throw new Error(`${where}: @${DECORATOR} goes on an exported function of the entry file`);
        this.renames.set(statement.name.text, name);
      }
    }
  }

  /** The string of `@exportAs("...")` on a function declaration, or null. */
  exportName(statement) {
    if (statement.kind !== NodeKind.FunctionDeclaration) return null;
    const decorator = (statement.decorators ?? []).find(
      (d) => d.name.kind === NodeKind.Identifier && d.name.text === DECORATOR,
    );
    if (!decorator) return null;
    const [arg] = decorator.args ?? [];
    if (
      decorator.args?.length !== 1 ||
      arg.kind !== NodeKind.Literal ||
      typeof arg.value !== "string"
    )
      throw new Error(`${statement.name.text}: @${DECORATOR} takes one string literal`);
    return arg.value;
  }

  afterCompile(module) {
    for (const [from, to] of this.renames) {
      const ref = module.getExport(from);
      if (!ref) throw new Error(`@${DECORATOR}: no export ${from} to rename to ${to}`);
      const { value } = this.binaryen.getExportInfo(ref); // the function's internal name
      module.removeExport(from);
      module.addFunctionExport(value, to);
    }
  }
}
