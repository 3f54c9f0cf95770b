// Read an Argdown file with Argdown's own parser (@argdown/core) and print what it understood as
// JSON: {"statements": [{title, text, data, section}], "relations": [{from, to, type}]}.
// The tests compare this with the map argmap exported, so this script only reports the parser's
// model and decides nothing. Usage: node read-argdown.mjs FILE.argdown
import { readFileSync } from "node:fs";
import { ArgdownApplication, DataPlugin, IEquivalenceClass, ModelPlugin, ParserPlugin } from "@argdown/core";

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node read-argdown.mjs FILE.argdown");
  process.exit(2);
}

// The first two processes of Argdown's own pipeline: parse the text, then build the model
// (DataPlugin reads the {…} YAML data blocks, ModelPlugin builds statements and relations).
const app = new ArgdownApplication();
app.addPlugin(new ParserPlugin(), "parse-input");
app.addPlugin(new DataPlugin(), "build-model");
app.addPlugin(new ModelPlugin(), "build-model");

// throwExceptions: a lexer or parser error, or a plugin's, ends the script with a non-zero exit.
const response = app.run({
  input: readFileSync(file, "utf8"),
  process: ["parse-input", "build-model"],
  throwExceptions: true,
  parser: { throwExceptions: true },
});

// A statement has one member per occurrence (its definition, and each [title] reference); the
// canonical member is its definition, whose text and section are the statement's.
const statements = Object.values(response.statements).map((ec) => {
  const definition = IEquivalenceClass.getCanonicalMember(ec);
  return {
    title: ec.title,
    text: definition?.text ?? null,
    data: ec.data ?? null,
    section: definition?.section?.title ?? null,
  };
});
const relations = response.relations.map((relation) => ({
  from: relation.from.title,
  to: relation.to.title,
  type: relation.relationType,
}));
process.stdout.write(JSON.stringify({ statements, relations }) + "\n");
