// The differential test's harness (tests/differential.rs): runs one JavaScript file, or the scripts of
// a page or server template (a `*.scripts.json` the test writes with the tool's own extraction), in a
// `vm` context full of recording stubs, calls every handler it can find, and
// prints one JSON document: the ordered list of observable effects (calls, property writes,
// DigitalRiver.js and Stripe payloads, console output, exceptions).
//
//   node --experimental-vm-modules harness.js FILE...     (FILE: .js .mjs .cjs .ts .tsx .jsx, *.scripts.json)
//
// Output, one line per file, in order: {"file":...,"status":"ok","effects":[...]}, or
// {"status":"unrunnable","reason":"..."} when the file cannot be run at all (a syntax error, a
// template kind the harness does not run), or {"status":"error",...} when the harness itself failed.
// Each file runs in a fresh context.
// TypeScript and JSX (.ts, .tsx, .jsx) are transpiled first by the `typescript` package
// (`ts.transpileModule`: types erased, JSX as `React.createElement` calls, ES modules kept), from
// tests/differential/node_modules (`npm ci` in tests/differential). Plain Node 20 otherwise.
// Everything is deterministic: no real timers, no clock, no I/O.
'use strict';

const vm = require('vm');
const fs = require('fs');
const path = require('path');

/** What `--session-id-expr` names in the test; the harness defines it so an insertion is bound. */
const SESSION_GLOBAL = '__diffCheckout';
const SESSION_ID = 'sess_diff_0001';

/** Page and module kinds the harness runs. */
const SCRIPT_EXTS = new Set(['.js', '.mjs', '.cjs']);
/** Kinds transpiled by the TypeScript compiler before they run. */
const TRANSPILED_EXTS = new Set(['.ts', '.tsx', '.jsx']);
/** The scripts of a page or template, as the tool extracts them (see `unitsOfPage`). */
const PAGE_SUFFIX = '.scripts.json';
const SCRIPT_TIMEOUT_MS = 2000;
const MAX_INVOCATIONS = 400;
const MAX_ATTEMPTS = 40;

/** The TypeScript compiler, loaded on first use; a clear error when `npm ci` was not run. */
let tsModule = null;
function typescript() {
  if (!tsModule) {
    try {
      tsModule = require('typescript');
    } catch (e) {
      throw new Error(`the \`typescript\` package is missing (${e.code || e.message}): run \`npm ci\` in tests/differential`);
    }
  }
  return tsModule;
}

/**
 * A TypeScript or JSX file as JavaScript: types erased, JSX as `React.createElement(...)` calls,
 * `import`/`export` kept (the file then runs as an ES module, as a `.mjs` does). Throws an
 * `unrunnable` error on a syntax error.
 */
function transpile(file, text) {
  const ts = typescript();
  const r = ts.transpileModule(text, {
    fileName: path.basename(file),
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      jsx: ts.JsxEmit.React,
      allowJs: true,
      useDefineForClassFields: true,
      removeComments: false,
    },
  });
  const errors = (r.diagnostics || []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) {
    const first = ts.flattenDiagnosticMessageText(errors[0].messageText, ' ');
    throw Object.assign(new Error(`TypeScript reports ${errors.length} error(s), first: ${first}`), { unrunnable: true });
  }
  return r.outputText;
}

function out(doc) {
  process.stdout.write(JSON.stringify(doc) + '\n');
}

// ---------------------------------------------------------------------------------------------
// One run: a fresh context, the effects it records.
// ---------------------------------------------------------------------------------------------

/** Thrown to restart the run with one more stub: the code read an undeclared global or import. */
class Restart extends Error {}

function runOnce(units, known) {
  const effects = [];
  const rec = (e) => effects.push(e);
  const proxies = new WeakMap();
  /** The harness's own objects (mock instances): never exercised as the file's handlers. */
  const mocks = new WeakSet();
  const callbacks = [];
  const timers = [];
  let timerSeq = 0;
  let invocations = 0;
  const restartOn = (e) => {
    const m = e && typeof e.message === 'string' && e.name === 'ReferenceError' && /^([A-Za-z_$][\w$]*) is not defined$/.exec(e.message);
    if (m && !known.globals.has(m[1])) {
      known.globals.add(m[1]);
      throw new Restart(m[1]);
    }
  };

  // --- serialization: a deep copy of a value, as JSON, taken when it is recorded ---
  function ser(v, depth = 0, seen = new Set()) {
    if (v === undefined) return { $undefined: true };
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : { $number: String(v) };
    if (typeof v === 'bigint') return { $bigint: String(v) };
    if (typeof v === 'symbol') return { $symbol: String(v) };
    if (proxies.has(v)) return { $stub: proxies.get(v) };
    if (typeof v === 'function') return { $function: v.name || '' };
    if (depth > 12) return { $deep: true };
    if (seen.has(v)) return { $cycle: true };
    seen.add(v);
    try {
      const tag = Object.prototype.toString.call(v);
      if (Array.isArray(v)) return v.map((x) => ser(x, depth + 1, seen));
      if (tag === '[object Date]') return { $date: Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString() };
      if (tag === '[object Promise]') return { $promise: true };
      if (tag === '[object Map]') return { $map: Array.from(v.entries()).map((e) => ser(e, depth + 1, seen)) };
      if (tag === '[object Set]') return { $set: Array.from(v.values()).map((e) => ser(e, depth + 1, seen)) };
      const o = {};
      const proto = Object.getPrototypeOf(v);
      const ctor = proto && proto.constructor && proto.constructor.name;
      if (proto !== null && ctor && ctor !== 'Object') o.$class = ctor;
      for (const k of Object.keys(v)) {
        let x;
        try { x = v[k]; } catch (e) { restartOn(e); x = { $threw: String(e && e.message) }; }
        o[k] = ser(x, depth + 1, seen);
      }
      return o;
    } finally {
      seen.delete(v);
    }
  }

  // --- callbacks handed to stubs: queued, called later with stub arguments ---
  function queueCallbacks(values, origin) {
    values.forEach((v, i) => {
      if (typeof v === 'function' && !proxies.has(v)) callbacks.push({ fn: v, origin: `${origin}#${i}` });
      else if (v && typeof v === 'object' && !proxies.has(v) && !Array.isArray(v)) {
        for (const k of Object.keys(v)) {
          let x;
          try { x = v[k]; } catch (e) { continue; }
          if (typeof x === 'function' && !proxies.has(x)) callbacks.push({ fn: x, origin: `${origin}#${i}.${k}` });
        }
      }
    });
  }

  // --- the universal recording stub: any property is a stub, any call is recorded ---
  function stub(name, thenable = true) {
    const t = function () {};
    delete t.name;
    delete t.length;
    const children = new Map();
    const text = () => `<${name}>`;
    const p = new Proxy(t, {
      get(target, k) {
        // A stub stands for plain data (what the server sent): reading or converting it is not an
        // effect, as the tool assumes for member reads.
        if (k === Symbol.toPrimitive) return (hint) => (hint === 'number' ? 1 : text());
        if (k === Symbol.iterator) return function* () {};
        if (typeof k === 'symbol') return undefined;
        if (k !== 'prototype' && Object.prototype.hasOwnProperty.call(target, k)) return target[k];
        if (k === 'then') {
          if (!thenable) return undefined;
          return (onFulfilled) => Promise.resolve().then(() => {
            const value = stub(`${name}.then()`, false);
            return typeof onFulfilled === 'function' ? onFulfilled(value) : value;
          });
        }
        if (k === 'toJSON') return () => ({ $stub: name });
        if (k === 'toString' || k === 'valueOf') return text;
        if (k === 'length') return 0;
        if (!children.has(k)) children.set(k, stub(`${name}.${k}`));
        return children.get(k);
      },
      set(target, k, v) {
        rec({ k: 'set', target: name, prop: String(k), value: ser(v) });
        if (typeof v === 'function') callbacks.push({ fn: v, origin: `${name}.${String(k)}` });
        if (k === 'prototype') return true;
        target[k] = v;
        return true;
      },
      deleteProperty(target, k) {
        rec({ k: 'delete', target: name, prop: String(k) });
        if (k !== 'prototype') delete target[k];
        return true;
      },
      apply(target, thisArg, args) {
        rec({ k: 'call', fn: name, args: args.map((a) => ser(a)) });
        queueCallbacks(args, name);
        return stub(`${name}()`);
      },
      construct(target, args) {
        rec({ k: 'new', fn: name, args: args.map((a) => ser(a)) });
        queueCallbacks(args, `new ${name}`);
        return stub(`new ${name}()`);
      },
    });
    proxies.set(p, name);
    return p;
  }

  /** An object with real properties, any other property a stub. */
  function partly(name, real) {
    const fallback = stub(name);
    const p = new Proxy(real, {
      get(target, k) {
        if (k in target || typeof k === 'symbol') return target[k];
        return fallback[k];
      },
    });
    mocks.add(p);
    return p;
  }

  // --- DigitalRiver.js and Stripe mocks ---
  let drCount = 0;
  function fakeSource(n) {
    return partly(`source${n}`, {
      id: `src_fake_${n}`,
      clientSecret: `src_fake_${n}_secret`,
      state: 'chargeable',
      redirect: { redirectUrl: `https://redirect.example/${n}` },
    });
  }
  function DigitalRiver(...args) {
    const n = drCount++;
    rec({ k: 'DigitalRiver', args: args.map((a) => ser(a)) });
    let sources = 0;
    const record = (method) => (...a) => {
      rec({ k: 'dr', instance: n, method, args: a.map((x) => ser(x)) });
      queueCallbacks(a, `dr${n}.${method}`);
      const s = sources++;
      return Promise.resolve({ source: fakeSource(`${n}_${s}`), error: null, paymentMethods: [] });
    };
    const real = {
      createSource: record('createSource'),
      createDropin: record('createDropin'),
      retrieveAvailablePaymentMethods: record('retrieveAvailablePaymentMethods'),
      authenticateSource: record('authenticateSource'),
      updateSource: record('updateSource'),
    };
    return partly(`dr${n}`, real);
  }
  let stripeCount = 0;
  function Stripe(...args) {
    const n = stripeCount++;
    rec({ k: 'Stripe', args: args.map((a) => ser(a)) });
    return partly(`stripe${n}`, {
      createSource: (...a) => {
        rec({ k: 'stripe', instance: n, method: 'createSource', args: a.map((x) => ser(x)) });
        queueCallbacks(a, `stripe${n}.createSource`);
        return Promise.resolve({ source: fakeSource(`stripe${n}`), error: null });
      },
    });
  }
  const loadStripe = (...args) => Promise.resolve(Stripe(...args));

  // --- real merges (jQuery, lodash) ---
  const isPlain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !proxies.has(v) &&
    (Object.getPrototypeOf(v) === null || Object.getPrototypeOf(Object.getPrototypeOf(v)) === null);
  function extend(...args) {
    let deep = false;
    if (typeof args[0] === 'boolean') deep = args.shift();
    let target = args.shift();
    if (target === null || (typeof target !== 'object' && typeof target !== 'function')) target = {};
    for (const src of args) {
      if (src === null || src === undefined) continue;
      for (const k in src) {
        const v = src[k];
        if (v === target) continue;
        if (deep && v && (isPlain(v) || Array.isArray(v))) {
          const base = target[k];
          const clone = Array.isArray(v) ? (Array.isArray(base) ? base : []) : (isPlain(base) ? base : {});
          target[k] = extend(true, clone, v);
        } else if (v !== undefined) {
          target[k] = v;
        }
      }
    }
    return target;
  }
  function merge(target, ...sources) {
    for (const src of sources) {
      if (src === null || src === undefined) continue;
      for (const k of Object.keys(src)) {
        const v = src[k];
        if (v && (isPlain(v) || Array.isArray(v))) {
          const base = target[k];
          const into = Array.isArray(v) ? (Array.isArray(base) ? base : []) : (isPlain(base) ? base : {});
          target[k] = merge(into, v);
        } else if (v !== undefined || !(k in target)) {
          target[k] = v;
        }
      }
    }
    return target;
  }
  function defaultsDeep(target, ...sources) {
    for (const src of sources) {
      if (src === null || src === undefined) continue;
      for (const k of Object.keys(src)) {
        const v = src[k];
        if (target[k] === undefined) target[k] = isPlain(v) ? cloneDeep(v) : v;
        else if (isPlain(target[k]) && isPlain(v)) defaultsDeep(target[k], v);
      }
    }
    return target;
  }
  function cloneDeep(v) {
    if (Array.isArray(v)) return v.map(cloneDeep);
    if (isPlain(v)) {
      const o = {};
      for (const k of Object.keys(v)) o[k] = cloneDeep(v[k]);
      return o;
    }
    return v;
  }
  function assign(target, ...sources) {
    for (const src of sources) {
      if (src === null || src === undefined) continue;
      for (const k of Object.keys(src)) target[k] = src[k];
    }
    return target;
  }
  const jq = stub('$');
  const jQuery = new Proxy(jq, {
    get(target, k) {
      if (k === 'extend') return extend;
      return target[k];
    },
  });
  proxies.set(jQuery, '$');
  const lodash = partly('_', {
    assign, extend: assign, assignIn: assign, merge, defaultsDeep, cloneDeep,
  });

  // --- timers: queued, drained in (delay, order) order ---
  const setTimeoutStub = (fn, delay, ...args) => {
    const id = ++timerSeq;
    rec({ k: 'setTimeout', delay: ser(delay) });
    if (typeof fn === 'function') timers.push({ fn, delay: Number(delay) || 0, id, args });
    return id;
  };
  const clearTimeoutStub = (id) => {
    const i = timers.findIndex((t) => t.id === id);
    if (i >= 0) timers.splice(i, 1);
  };

  const storage = (name) => {
    const data = new Map();
    return partly(name, {
      getItem: (k) => { rec({ k: 'call', fn: `${name}.getItem`, args: [ser(k)] }); return data.has(String(k)) ? data.get(String(k)) : null; },
      setItem: (k, v) => { rec({ k: 'call', fn: `${name}.setItem`, args: [ser(k), ser(v)] }); data.set(String(k), String(v)); },
      removeItem: (k) => { rec({ k: 'call', fn: `${name}.removeItem`, args: [ser(k)] }); data.delete(String(k)); },
      clear: () => { rec({ k: 'call', fn: `${name}.clear`, args: [] }); data.clear(); },
    });
  };
  const consoleStub = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'table', 'dir', 'group', 'groupEnd', 'time', 'timeEnd', 'assert']) {
    consoleStub[level] = (...args) => rec({ k: 'console', level, args: args.map((a) => ser(a)) });
  }
  const fetchStub = (...args) => {
    rec({ k: 'fetch', args: args.map((a) => ser(a)) });
    return Promise.resolve(stub('fetch()', false));
  };

  // --- the global object ---
  const sandbox = {};
  const context = vm.createContext(sandbox);
  const g = vm.runInContext('globalThis', context);
  // Data the server prints into a string (`JSON.parse('${...}')`) is filler once masked: parsing it
  // gives a stub, as any other server data, instead of throwing before the page's handlers exist.
  const realParse = g.JSON.parse;
  g.JSON.parse = function parse(text, reviver) {
    try {
      return realParse.call(g.JSON, text, reviver);
    } catch (e) {
      rec({ k: 'JSON.parse', invalid: true });
      return stub('JSON.parse(server data)');
    }
  };
  const module = { exports: {} };
  // JSX runs as `React.createElement(type, props, ...children)`: an element is a plain object and
  // is not recorded; the functions in its props (`onClick`...) are queued as callbacks, as a user
  // would trigger them. Any other React API is a stub.
  const React = partly('React', {
    Fragment: 'React.Fragment',
    createElement(type, props, ...children) {
      const name = typeof type === 'string' ? type : (type && type.name) || 'component';
      if (props && typeof props === 'object') queueCallbacks([props], `<${name}>`);
      return { type: name, props: props || null, children };
    },
  });
  const requireStub = (spec) => {
    rec({ k: 'require', spec: String(spec) });
    return spec === 'react' ? React : stub(`require(${spec})`);
  };
  // `window.X` that nothing defined is data the server put on the page: a stub, not undefined.
  const win = new Proxy(g, {
    get(target, k) {
      if (typeof k === 'symbol' || k in target) return target[k];
      return stub(`window.${k}`);
    },
  });
  mocks.add(win);
  const defs = {
    window: win, self: win, top: win, parent: win, globalThis: g,
    document: stub('document'), location: stub('location'), navigator: stub('navigator'), history: stub('history'),
    DigitalRiver, Stripe, loadStripe, React,
    $: jQuery, jQuery, _: lodash, lodash,
    fetch: fetchStub, console: consoleStub,
    setTimeout: setTimeoutStub, setInterval: setTimeoutStub, setImmediate: (fn, ...a) => setTimeoutStub(fn, 0, ...a),
    requestAnimationFrame: (fn) => setTimeoutStub(fn, 16), queueMicrotask: (fn) => Promise.resolve().then(fn),
    clearTimeout: clearTimeoutStub, clearInterval: clearTimeoutStub, cancelAnimationFrame: clearTimeoutStub,
    localStorage: storage('localStorage'), sessionStorage: storage('sessionStorage'),
    module, exports: module.exports, require: requireStub,
    [SESSION_GLOBAL]: { payment: { session: { id: SESSION_ID } } },
  };
  for (const name of known.globals) if (!(name in defs)) defs[name] = stub(name);
  for (const [k, v] of Object.entries(defs)) {
    Object.defineProperty(g, k, { value: v, writable: true, configurable: true, enumerable: false });
  }
  const before = new Set(Object.getOwnPropertyNames(g));

  // --- calling into the context, with a time limit ---
  const caller = new vm.Script('__diffCall.fn.apply(__diffCall.self, __diffCall.args)');
  const constructor = new vm.Script('new __diffCall.fn(...__diffCall.args)');
  Object.defineProperty(g, '__diffCall', { value: {}, writable: true, configurable: true, enumerable: false });
  before.add('__diffCall');

  function recordException(where, e) {
    restartOn(e);
    const name = e && typeof e === 'object' && 'name' in e ? String(e.name) : typeof e;
    const message = e && typeof e === 'object' && 'message' in e ? String(e.message) : String(e);
    rec({ k: 'exception', where, name, message });
  }
  function watch(result, where) {
    if (result && (typeof result === 'object' || typeof result === 'function') && !proxies.has(result) &&
        Object.prototype.toString.call(result) === '[object Promise]') {
      result.then(undefined, (e) => {
        try { recordException(`${where} (rejected)`, e); } catch (r) { restart = r; }
      });
    }
  }
  let restart = null;
  function invoke(fn, self, args, where, asNew = false) {
    if (invocations++ >= MAX_INVOCATIONS) return undefined;
    rec({ k: 'invoke', where });
    g.__diffCall = { fn, self, args };
    try {
      const r = (asNew ? constructor : caller).runInContext(context, { timeout: SCRIPT_TIMEOUT_MS });
      watch(r, where);
      return r;
    } catch (e) {
      if (e instanceof Restart) throw e;
      recordException(where, e);
      return undefined;
    }
  }
  const stubArgs = (where) => [0, 1, 2].map((i) => stub(`${where}:arg${i}`));

  const tick = () => new Promise((resolve) => setImmediate(resolve));
  async function drain() {
    for (;;) {
      for (let i = 0; i < 3; i++) await tick();
      if (restart) throw restart;
      if (invocations >= MAX_INVOCATIONS) return;
      if (timers.length) {
        let best = 0;
        for (let i = 1; i < timers.length; i++) if (timers[i].delay < timers[best].delay) best = i;
        const [t] = timers.splice(best, 1);
        invoke(t.fn, g, t.args.length ? t.args : stubArgs(`timer${t.id}`), `timer ${t.id}`);
        continue;
      }
      if (callbacks.length) {
        const c = callbacks.shift();
        invoke(c.fn, stub(`${c.origin}:this`), stubArgs(c.origin), `callback ${c.origin}`);
        continue;
      }
      return;
    }
  }

  const called = new Set();
  /** Call a function the file defines or exports: a class is constructed and its methods called. */
  async function exercise(value, name, depth = 0) {
    if (value === null || value === undefined || proxies.has(value) || mocks.has(value) || called.has(value)) return;
    if (typeof value === 'function') {
      called.add(value);
      let source = '';
      try { source = Function.prototype.toString.call(value); } catch (e) { source = ''; }
      if (source.startsWith('class')) {
        const instance = invoke(value, undefined, stubArgs(name), `new ${name}`, true);
        await drain();
        if (instance && typeof instance === 'object') await exerciseMethods(instance, name);
      } else {
        invoke(value, g, stubArgs(name), name);
        await drain();
      }
      return;
    }
    if (typeof value === 'object' && depth < 2 && isPlain(value)) {
      called.add(value);
      for (const k of Object.keys(value)) await exercise(value[k], `${name}.${k}`, depth + 1);
    }
  }
  async function exerciseMethods(instance, name) {
    const seenKeys = new Set();
    for (let proto = Object.getPrototypeOf(instance); proto && Object.getPrototypeOf(proto); proto = Object.getPrototypeOf(proto)) {
      for (const k of Object.getOwnPropertyNames(proto)) {
        if (k === 'constructor' || seenKeys.has(k)) continue;
        seenKeys.add(k);
        const d = Object.getOwnPropertyDescriptor(proto, k);
        if (d && typeof d.value === 'function') {
          invoke(d.value, instance, stubArgs(`${name}#${k}`), `${name}#${k}`);
          await drain();
        }
      }
    }
  }

  async function run() {
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', (e) => {
      try { recordException('unhandled rejection', e); } catch (r) { restart = r; }
    });
    let namespaces = [];
    for (const unit of units) {
      rec({ k: 'script', n: unit.n });
      if (unit.module) {
        const m = new vm.SourceTextModule(unit.code, { context, identifier: unit.id });
        await m.link((spec) => {
          const names = known.imports.get(spec) || new Set();
          known.imports.set(spec, names);
          const exportNames = ['default', ...names];
          const react = spec === 'react';
          return new vm.SyntheticModule(exportNames, function () {
            this.setExport('default', react ? React : stub(`import(${spec}).default`));
            for (const n of names) {
              this.setExport(n, react && n in React ? React[n] : stub(`import(${spec}).${n}`));
            }
          }, { context, identifier: `stub:${spec}` });
        });
        try {
          await m.evaluate({ timeout: SCRIPT_TIMEOUT_MS });
        } catch (e) {
          if (e instanceof Restart) throw e;
          recordException(`module ${unit.n}`, e);
        }
        namespaces.push(m.namespace);
      } else {
        try {
          watch(unit.script.runInContext(context, { timeout: SCRIPT_TIMEOUT_MS }), `script ${unit.n}`);
        } catch (e) {
          if (e instanceof Restart) throw e;
          recordException(`script ${unit.n}`, e);
        }
      }
      await drain();
    }
    // Then every handler: functions (and objects of functions) the scripts defined on the global
    // object, CommonJS and ES module exports; what they register runs as it is queued.
    for (const k of Object.getOwnPropertyNames(g)) {
      if (before.has(k)) continue;
      let v;
      try { v = g[k]; } catch (e) { continue; }
      await exercise(v, k);
    }
    await exercise(module.exports, 'module.exports');
    for (const ns of namespaces) {
      for (const k of Object.keys(ns)) await exercise(ns[k], `export ${k}`);
    }
    await drain();
    return effects;
  }
  return run();
}

// ---------------------------------------------------------------------------------------------

/**
 * The names a component script declares at its top level and does not export: a Vue `<script setup>`
 * or a Svelte `<script>` gives them to its markup, whose event handlers call them. Found with the
 * TypeScript parser (the script is already JavaScript here).
 */
function componentBindings(code) {
  const ts = typescript();
  const sf = ts.createSourceFile('component.js', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const exported = new Set();
  const names = [];
  const isExported = (node) => (ts.getModifiers ? ts.getModifiers(node) || [] : node.modifiers || [])
    .some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const e of st.exportClause.elements) exported.add((e.propertyName || e.name).text);
      continue;
    }
    if (isExported(st)) continue;
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) names.push(st.name.text);
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    }
  }
  return names.filter((n) => !exported.has(n));
}

/**
 * The scripts of a page or template, written by tests/differential.rs with the tool's own
 * extraction (`Extracted::masked_scripts`: the `<script>` elements a browser runs, server tags masked
 * as the linter sees them): `{"kind": ..., "scripts": [{"n", "line", "lang", "code"}]}`.
 * TypeScript scripts (`lang="ts"`) are transpiled; a component's scripts (Vue, Svelte) are ES modules
 * that expose their top-level bindings, as the component compiler does for its markup.
 */
function unitsOfPage(file) {
  const page = JSON.parse(fs.readFileSync(file, 'utf8'));
  const component = page.kind === 'component';
  return page.scripts.map((s) => {
    const where = `script ${s.n} (line ${s.line})`;
    let code = s.code;
    try {
      if (s.lang === 'ts' || s.lang === 'tsx') code = transpile(`script.${s.lang}`, code);
      if (component) {
        const names = componentBindings(code);
        if (names.length) code += `\n;export { ${names.join(', ')} };\n`;
      }
    } catch (e) {
      if (e.unrunnable) e.message = `${where}: ${e.message}`;
      throw e;
    }
    return { code, module: component ? true : null, where };
  });
}

/** The runnable units of a file, or a reason it cannot be run. */
function unitsOf(file) {
  const ext = path.extname(file).toLowerCase();
  let sources;
  if (file.endsWith(PAGE_SUFFIX)) {
    sources = unitsOfPage(file);
  } else if (SCRIPT_EXTS.has(ext)) {
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    sources = [{ code: text, module: ext === '.mjs' ? true : null }];
  } else if (TRANSPILED_EXTS.has(ext)) {
    const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    sources = [{ code: transpile(file, text), module: null }];
  } else {
    return { reason: `the harness does not run ${ext} files` };
  }
  const units = [];
  sources.forEach((s, n) => {
    const id = `${path.basename(file)}#${n}`;
    const where = s.where || `script ${n}`;
    let script = null;
    let scriptError = null;
    if (s.module !== true) {
      try {
        script = new vm.Script(s.code, { filename: id });
      } catch (e) {
        scriptError = e;
      }
    }
    if (script) {
      units.push({ n, id, code: s.code, script, module: false });
      return;
    }
    // Not a script: an ES module? (checked by compiling it as one).
    try {
      new vm.SourceTextModule(s.code, { identifier: id });
    } catch (e) {
      throw Object.assign(new Error(`${where} does not compile: ${(scriptError || e).message}`), { unrunnable: true });
    }
    units.push({ n, id, code: s.code, script: null, module: true });
  });
  return { units };
}

/** The effect log of one file, as the document printed for it. */
async function runFile(file) {
  let units;
  try {
    const r = unitsOf(file);
    if (r.reason) return { file, status: 'unrunnable', reason: r.reason };
    units = r.units;
  } catch (e) {
    if (e.unrunnable) return { file, status: 'unrunnable', reason: e.message };
    return { file, status: 'error', reason: String(e && e.stack ? e.stack : e) };
  }
  const known = { globals: new Set(), imports: new Map() };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    try {
      const effects = await runOnce(units, known);
      return { file, status: 'ok', stubbed: [...known.globals].sort(), effects };
    } catch (e) {
      if (e instanceof Restart) continue;
      const m = e && /does not provide an export named '([^']+)'/.exec(String(e.message));
      const spec = e && /The requested module '([^']+)'/.exec(String(e.message));
      if (m && spec) {
        const names = known.imports.get(spec[1]) || new Set();
        names.add(m[1]);
        known.imports.set(spec[1], names);
        continue;
      }
      return { file, status: 'error', reason: `harness: ${e && e.stack ? e.stack : e}` };
    }
  }
  return { file, status: 'error', reason: 'too many undeclared globals' };
}

async function main() {
  const files = process.argv.slice(2);
  if (!files.length) {
    process.stderr.write('usage: node --experimental-vm-modules harness.js FILE...\n');
    process.exit(2);
  }
  if (typeof vm.SourceTextModule !== 'function') {
    process.stderr.write('vm.SourceTextModule is missing: run node with --experimental-vm-modules\n');
    process.exit(2);
  }
  // One JSON document per line, per file, in order.
  for (const file of files) out(await runFile(file));
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
    process.exit(2);
  },
);
