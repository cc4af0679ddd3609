// The reader's own formula for one explorer: the engine entry it is registered as (id "expr" on
// the page, "<prefix>expr" in each <activation-plot>, so elements sharing an engine keep theirs
// apart), replaced when the text changes and kept when a new text is refused. The grammar and
// the parser are the C++ core's (cpp/formula); this module only holds the registration.

/** Where a message of the parser points: "column 5: …" is its documented form (formula.hpp ParseError). */
export function errorColumn(message) {
  const match = /^column (\d+): /.exec(message);
  return match ? Number(match[1]) : 0;
}

// The 1-based column of the first time `name` is written as a name in `text` (numbers such as
// 1e5 are skipped whole, so their exponent is not read as the name "e5").
export function columnOfName(text, name) {
  const token = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[A-Za-z][A-Za-z0-9_]*/g;
  for (const match of text.matchAll(token)) if (match[0] === name) return match.index + 1;
  return 0;
}

/**
 * @param {object} engine the explorer's engine (registerFormula, unregisterFormula, functionSpec)
 * @param {{id: string, refuseName?: (name: string) => string | null, maxLength?: number}} options
 *   refuseName: why a parameter may not have this name on the page (a URL key in use), or null;
 *   maxLength: the grammar's limit on the text (engine.formulaGrammar().limits.length)
 * @returns {{id: string, loaded(): boolean, load(): Promise<object>, text: string | null, spec: object | null, set(text: string): object, clear(): void}}
 *   set answers {ok: true, spec} or {ok: false, message, column}; a refused text leaves the
 *   registered one in place.
 */
export function formulaSlot(engine, { id, refuseName = () => null, maxLength = undefined }) {
  let text = null;
  let spec = null;

  // Registers `next` under the slot's id in place of what holds it (a formula of an earlier
  // explorer with the same id, which nobody shows any more, or this slot's own).
  function register(next) {
    if (engine.functionSpec(id)?.expression !== undefined) engine.unregisterFormula(id);
    return engine.registerFormula(next, { id });
  }

  // A text too long for the engine's buffer (a paste of many KB) never reaches the parser, which
  // would refuse it for its length: said in the parser's words, with the grammar's limit.
  function tooLong(result, next) {
    if (result.bytes === undefined || maxLength === undefined) return null;
    return `the formula is ${next.length} characters long; at most ${maxLength} are allowed`;
  }

  function refusedName(result, next) {
    for (const p of result.parameters) {
      const reason = refuseName(p.id);
      if (!reason) continue;
      const column = columnOfName(next, p.id);
      return { ok: false, column, message: `${column ? `column ${column}: ` : ''}${reason}` };
    }
    return null;
  }

  return {
    id,
    /** Whether the engine parses formulas now; else load() fetches its formula module first. */
    loaded: () => engine.hasFormulas,
    load: () => engine.loadFormulas(),
    get text() { return text; },
    get spec() { return spec; },
    set(next) {
      if (next === text && engine.functionSpec(id)?.expression === text) return { ok: true, spec };
      const result = register(next);
      const refused = result.ok ? refusedName(result, next) : { ok: false, message: tooLong(result, next) ?? result.message, column: errorColumn(result.message) };
      if (refused) {
        if (result.ok) engine.unregisterFormula(id);
        if (text !== null) spec = register(text).spec ?? null;
        return refused;
      }
      text = next;
      ({ spec } = result);
      return { ok: true, spec };
    },
    clear() {
      if (text !== null && engine.functionSpec(id)?.expression === text) engine.unregisterFormula(id);
      text = null;
      spec = null;
    },
  };
}
