//! Generates `ui/src/lib/bindings/commands.ts` from the `#[tauri::command]` functions in
//! `src-tauri/src/commands/*.rs`: per command its IPC name, its argument object with the keys Tauri
//! reads (camelCase of the parameter, unless `rename_all = "snake_case"`), and what it resolves to,
//! in the ts-rs types. Parameters Tauri fills itself (State, AppHandle, Window, Webview) are left
//! out; a `Channel<T>` becomes a typed `Channel<T>` argument. Every command must be registered in
//! `generate_handler!` (src-tauri/src/lib.rs) and every registered one must be found here.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use syn::visit::Visit;

/// Events the backend emits with `emit(name, payload)`, with the Rust type of the payload. The
/// sources are scanned for `emit("…")` so that this list cannot miss one or keep a removed one.
/// Progress travels over per-call Channels (typed in the commands themselves), so no global event is emitted.
pub const EVENTS: &[(&str, &str)] = &[];

struct Param {
    key: String,
    ts: String,
    optional: bool,
}

struct Command {
    name: String,
    doc: Vec<String>,
    params: Vec<Param>,
    result: String,
}

/// The TypeScript of a Rust type, noting the ts-rs types it names in `used`.
fn ts_of(ty: &syn::Type, used: &mut BTreeSet<String>) -> String {
    match ty {
        syn::Type::Reference(r) => ts_of(&r.elem, used),
        syn::Type::Tuple(t) if t.elems.is_empty() => "null".into(),
        syn::Type::Path(p) => {
            let seg = p.path.segments.last().expect("a type path has a segment");
            let args: Vec<&syn::Type> = match &seg.arguments {
                syn::PathArguments::AngleBracketed(a) => a
                    .args
                    .iter()
                    .filter_map(|g| match g {
                        syn::GenericArgument::Type(t) => Some(t),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let name = seg.ident.to_string();
            match (name.as_str(), args.as_slice()) {
                ("String" | "str" | "PathBuf", []) => "string".into(),
                ("bool", []) => "boolean".into(),
                (
                    "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" | "f32" | "f64",
                    [],
                ) => "number".into(),
                ("Option", [t]) => format!("{} | null", ts_of(t, used)),
                ("Vec", [t]) => {
                    let inner = ts_of(t, used);
                    if inner.contains(' ') {
                        format!("Array<{inner}>")
                    } else {
                        format!("{inner}[]")
                    }
                }
                ("Result" | "CmdResult" | "AppResult", [t, ..]) => ts_of(t, used),
                ("Channel", [t]) => {
                    used.insert("Channel".into());
                    format!("Channel<{}>", ts_of(t, used))
                }
                (n, []) => {
                    used.insert(n.to_string());
                    n.to_string()
                }
                (n, _) => panic!("commands.ts: no TypeScript for the Rust type {n}<…>; extend ts_of"),
            }
        }
        _ => panic!("commands.ts: no TypeScript for this Rust type form; extend ts_of"),
    }
}

/// Parameters that Tauri fills from the app, not from the argument object.
fn injected(ty: &syn::Type) -> bool {
    let syn::Type::Path(p) = ty else { return false };
    let last = p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
    matches!(last.as_str(), "State" | "AppHandle" | "Window" | "Webview" | "WebviewWindow" | "Request")
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.trim_start_matches("r#").chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn doc_lines(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// `Some(snake_case)` for a `#[tauri::command]` (or `#[command]`) attribute.
fn command_attr(attrs: &[syn::Attribute]) -> Option<bool> {
    let attr = attrs.iter().find(|a| {
        let segs: Vec<String> = a.path().segments.iter().map(|s| s.ident.to_string()).collect();
        segs == ["tauri", "command"] || segs == ["command"]
    })?;
    let snake = match &attr.meta {
        syn::Meta::List(l) => l.tokens.to_string().replace(' ', "").contains("rename_all=\"snake_case\""),
        _ => false,
    };
    Some(snake)
}

fn command_of(f: &syn::ItemFn, snake: bool, used: &mut BTreeSet<String>) -> Command {
    let mut params = Vec::new();
    for input in &f.sig.inputs {
        let syn::FnArg::Typed(pt) = input else { panic!("{}: a command takes no self", f.sig.ident) };
        if injected(&pt.ty) {
            continue;
        }
        let syn::Pat::Ident(id) = &*pt.pat else { panic!("{}: name every argument", f.sig.ident) };
        let rust = id.ident.to_string();
        let key = if snake { rust.trim_start_matches("r#").to_string() } else { camel(&rust) };
        let (optional, ts) = match &*pt.ty {
            syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option") => {
                (true, ts_of(&pt.ty, used))
            }
            ty => (false, ts_of(ty, used)),
        };
        params.push(Param { key, ts, optional });
    }
    let result = match &f.sig.output {
        syn::ReturnType::Default => "null".into(),
        syn::ReturnType::Type(_, ty) => ts_of(ty, used),
    };
    Command { name: f.sig.ident.to_string(), doc: doc_lines(&f.attrs), params, result }
}

/// The commands of every file in `dir`, by name.
fn read_commands(dir: &Path, used: &mut BTreeSet<String>) -> BTreeMap<String, Command> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let mut out = BTreeMap::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for item in &file.items {
            let syn::Item::Fn(f) = item else { continue };
            let Some(snake) = command_attr(&f.attrs) else { continue };
            let c = command_of(f, snake, used);
            assert!(out.insert(c.name.clone(), c).is_none(), "two commands named {}", f.sig.ident);
        }
    }
    out
}

/// The function names in `tauri::generate_handler![…]` of `lib.rs`.
fn registered(lib_rs: &Path) -> BTreeSet<String> {
    struct Find(Option<syn::Macro>);
    impl<'a> Visit<'a> for Find {
        fn visit_macro(&mut self, m: &'a syn::Macro) {
            if m.path.segments.last().is_some_and(|s| s.ident == "generate_handler") {
                self.0 = Some(m.clone());
            }
            syn::visit::visit_macro(self, m);
        }
    }
    let file = syn::parse_file(&std::fs::read_to_string(lib_rs).unwrap()).unwrap();
    let mut find = Find(None);
    find.visit_file(&file);
    let mac = find.0.expect("lib.rs calls tauri::generate_handler!");
    let paths = mac
        .parse_body_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        .expect("generate_handler! lists paths");
    paths.iter().map(|p| p.segments.last().unwrap().ident.to_string()).collect()
}

/// The event names passed to `emit("…", …)` anywhere under `src`.
fn emitted(src: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                for piece in text.split(".emit(\"").skip(1) {
                    out.insert(piece.split('"').next().unwrap().to_string());
                }
            }
        }
    }
    out
}

fn jsdoc(out: &mut String, indent: &str, doc: &[String]) {
    if doc.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}/**");
    for line in doc {
        let line = line.replace("*/", "*\\/");
        let _ = writeln!(out, "{indent} *{}{line}", if line.is_empty() { "" } else { " " });
    }
    let _ = writeln!(out, "{indent} */");
}

/// The text of `commands.ts`. `app_src` is src-tauri/src; `exported`: the ts-rs files generated
/// (`Name.ts`), which every named type must be one of.
pub fn generate(app_src: &Path, exported: &BTreeSet<String>) -> String {
    let mut used = BTreeSet::new();
    let commands = read_commands(&app_src.join("commands"), &mut used);
    let names: BTreeSet<String> = commands.keys().cloned().collect();
    let handled = registered(&app_src.join("lib.rs"));
    let unregistered: Vec<_> = names.difference(&handled).collect();
    let unknown: Vec<_> = handled.difference(&names).collect();
    assert!(
        unregistered.is_empty() && unknown.is_empty(),
        "#[tauri::command] fns not in generate_handler!: {unregistered:?}; registered but not found in src-tauri/src/commands: {unknown:?}"
    );
    let events: BTreeSet<String> = EVENTS.iter().map(|(n, _)| n.to_string()).collect();
    let found = emitted(app_src);
    assert_eq!(events, found, "commands_ts::EVENTS must list exactly the events the app emits");
    for (_, payload) in EVENTS {
        used.insert(payload.to_string());
    }

    let mut out = String::new();
    out.push_str(
        "// Generated by src-tauri/tests/bindings.rs from the #[tauri::command] functions in src-tauri/src/commands/.\n\
         // Do not edit: UPDATE_BINDINGS=1 cargo test -p hes-console --test bindings\n",
    );
    if used.remove("Channel") {
        out.push_str("import type { Channel } from '@tauri-apps/api/core';\n");
    }
    for ty in &used {
        assert!(
            exported.contains(&format!("{ty}.ts")),
            "commands.ts names {ty}, which ts-rs does not export: add it to export_all in bindings.rs"
        );
        let _ = writeln!(out, "import type {{ {ty} }} from './{ty}';");
    }
    out.push_str(
        "\n/** Every command: the argument object as the IPC carries it, and what the command resolves to. */\n\
         export interface Commands {\n",
    );
    for c in commands.values() {
        jsdoc(&mut out, "  ", &c.doc);
        let args = if c.params.is_empty() {
            "Record<string, never>".to_string()
        } else {
            let fields: Vec<String> =
                c.params.iter().map(|p| format!("{}{}: {}", p.key, if p.optional { "?" } else { "" }, p.ts)).collect();
            format!("{{ {} }}", fields.join("; "))
        };
        let _ = writeln!(out, "  {}: {{ args: {args}; result: {} }};", c.name, c.result);
    }
    out.push_str(
        "}\n\nexport type CommandName = keyof Commands;\n\
         export type CommandArgs<C extends CommandName> = Commands[C]['args'];\n\
         export type CommandResult<C extends CommandName> = Commands[C]['result'];\n\
         /** What sends one command: `invoke` from @tauri-apps/api/core, or a wrapper around it. */\n\
         export type Invoke = <C extends CommandName>(cmd: C, args: CommandArgs<C>) => Promise<CommandResult<C>>;\n\n\
         /** One typed function per command (camelCase of its name) that sends it through `invoke`. */\n\
         export function commands(invoke: Invoke) {\n  return {\n",
    );
    for c in commands.values() {
        let f = camel(&c.name);
        let n = &c.name;
        if c.params.is_empty() {
            let _ = writeln!(out, "    {f}: () => invoke('{n}', {{}}),");
        } else {
            let _ = writeln!(out, "    {f}: (args: CommandArgs<'{n}'>) => invoke('{n}', args),");
        }
    }
    out.push_str(
        "  };\n}\n\n/** Events the backend emits, by name, with their payloads. */\nexport interface Events {\n",
    );
    for (name, payload) in EVENTS {
        let _ = writeln!(out, "  '{name}': {payload};");
    }
    out.push_str("}\nexport type EventName = keyof Events;\n");
    out
}
