//! Reading a set of inputs: walk folders, read every file in parallel under
//! the guard, and hand the results back **in path order**, whatever the
//! thread timing. Memory is bounded by the files in flight (a window ahead of
//! the output), not by the size of the folder.

use crate::document::{Document, Status};
use crate::extract::{self, guard, sniff, ErrorKind, ExtractError, Format};
use crate::{meta, normalize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Files larger than this are not read at all.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Options {
    /// Time budget for reading one file.
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Duration::from_secs(60),
        }
    }
}

/// One input: a file to read, or a path that does not exist.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub path: PathBuf,
    pub display: String,
}

/// Expand folders recursively into files, sorted by path; hidden folders
/// (`.git`, `.svn`) are not entered. Paths that do not exist are kept so the
/// caller reports them.
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let walker = walkdir::WalkDir::new(p)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !is_hidden_dir(e));
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() => out.push(input(e.path())),
                    Ok(_) => {}
                    Err(err) => {
                        if let Some(path) = err.path() {
                            out.push(input(path));
                        }
                    }
                }
            }
        } else {
            out.push(input(p));
        }
    }
    out.sort();
    out.dedup();
    out
}

fn is_hidden_dir(e: &walkdir::DirEntry) -> bool {
    e.file_type().is_dir() && e.file_name().to_string_lossy().starts_with('.')
}

fn input(p: &Path) -> Input {
    Input {
        path: p.to_path_buf(),
        display: p.to_string_lossy().replace('\\', "/"),
    }
}

/// Run `f` over `items` on all threads of the pool and feed the results to
/// `sink` in the order of `items`, as soon as each is next in line.
///
/// Workers claim items in index order from a shared counter and never wait
/// for one another; the worker that completes the item at the head of the
/// line runs the sink for it and for every later result already waiting
/// (the calling thread only waits for the end, so no thread is woken per
/// item). A worker does not start an item more than `window` places ahead
/// of the sink, which bounds the results held at once (memory does not grow
/// with the folder, whatever the thread timing). The item at the head of the
/// line is always claimed by a worker that is not waiting, so the run always
/// progresses.
pub fn for_each_ordered<I, T, F, S>(items: &[I], window: usize, f: F, sink: S)
where
    I: Sync,
    T: Send,
    F: Fn(&I) -> T + Sync + Send,
    S: FnMut(T) + Send,
{
    for_each_staged(items, window, window, &f, |t| t, || true, sink);
}

/// [`for_each_ordered`] in two stages, for work whose second stage waits for
/// something being built at start (the lexicon): while `ready()`
/// is false, workers only `prepare` items, up to `early_window` places ahead
/// of the sink, instead of blocking in `finish`. Prepared items wait in one
/// queue shared by all workers, and a free worker finishes the lowest first,
/// so that no worker idles while another still holds what the sink waits
/// for. Results are the same whatever the timing.
pub fn for_each_staged<I, P, T, F, G, R, S>(
    items: &[I],
    window: usize,
    early_window: usize,
    prepare: F,
    finish: G,
    ready: R,
    sink: S,
) where
    I: Sync,
    P: Send,
    T: Send,
    F: Fn(&I) -> P + Sync + Send,
    G: Fn(P) -> T + Sync + Send,
    R: Fn() -> bool + Sync + Send,
    S: FnMut(T) + Send,
{
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex};

    /// Results not yet taken by the sink, the index of the next one it
    /// takes, and the sink itself.
    struct Line<T, S> {
        pending: BTreeMap<usize, T>,
        head: usize,
        sink: S,
        /// Workers waiting on the condvar: the sink wakes them only if
        /// there are any (a wake is a system call, and most advances of
        /// the line have nobody waiting).
        waiting: usize,
    }

    let window = window.max(1);
    let early_window = early_window.max(window);
    let workers = rayon::current_num_threads().clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    // The line of results, with a condvar for workers waiting for the sink
    // to advance.
    let line = (
        Mutex::new(Line {
            pending: BTreeMap::new(),
            head: 0,
            sink,
            waiting: 0,
        }),
        Condvar::new(),
    );
    // Prepared items not finished yet, by index.
    let held: Mutex<BTreeMap<usize, P>> = Mutex::new(BTreeMap::new());
    // Set when a worker panics, so that the others stop waiting; the panic
    // is raised again when the scope ends.
    let failed = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (next, line, failed, held) = (&next, &line, &failed, &held);
            let (prepare, finish, ready) = (&prepare, &finish, &ready);
            scope.spawn(move || {
                // Hand a result to the line, and feed the sink every result
                // that is now next in line.
                let deliver = |j: usize, r: T| {
                    let (lock, cv) = line;
                    let mut l = lock.lock().unwrap_or_else(|e| e.into_inner());
                    l.pending.insert(j, r);
                    let before = l.head;
                    loop {
                        let head = l.head;
                        let Some(r) = l.pending.remove(&head) else {
                            break;
                        };
                        let fed =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (l.sink)(r)));
                        if let Err(p) = fed {
                            // Nobody may wait for a sink that will not advance.
                            failed.store(true, Ordering::Relaxed);
                            drop(l);
                            cv.notify_all();
                            std::panic::resume_unwind(p);
                        }
                        l.head += 1;
                    }
                    if l.head != before && l.waiting > 0 {
                        cv.notify_all();
                    }
                };
                // Finish the lowest prepared item, if any.
                let finish_one = || -> bool {
                    let Some((j, p)) = held.lock().unwrap_or_else(|e| e.into_inner()).pop_first()
                    else {
                        return false;
                    };
                    let r = run_or_stop(failed, line, || finish(p));
                    deliver(j, r);
                    true
                };
                loop {
                    if ready() && finish_one() {
                        continue;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    // Wait until `i` is within the window, finishing prepared
                    // items meanwhile: never wait while the sink may be
                    // waiting for one of them. (Only a worker that is not
                    // waiting adds to the queue, and it looks at the queue
                    // before it waits, so the queue is empty whenever all
                    // workers wait.)
                    loop {
                        let limit = if ready() { window } else { early_window };
                        let (lock, cv) = line;
                        let l = lock.lock().unwrap_or_else(|e| e.into_inner());
                        if i < l.head + limit || failed.load(Ordering::Relaxed) {
                            break;
                        }
                        drop(l);
                        if finish_one() {
                            continue;
                        }
                        let mut l = lock.lock().unwrap_or_else(|e| e.into_inner());
                        if i >= l.head + limit && !failed.load(Ordering::Relaxed) {
                            l.waiting += 1;
                            let mut l = cv.wait(l).unwrap_or_else(|e| e.into_inner());
                            l.waiting -= 1;
                        }
                    }
                    if failed.load(Ordering::Relaxed) {
                        break;
                    }
                    let p = run_or_stop(failed, line, || prepare(item));
                    held.lock().unwrap_or_else(|e| e.into_inner()).insert(i, p);
                }
                while finish_one() {}
            });
        }
    });
}

/// Run `f`; if it panics, tell the other workers to stop waiting (they
/// see `failed`) and raise the panic again.
fn run_or_stop<R, L>(
    failed: &std::sync::atomic::AtomicBool,
    line: &(std::sync::Mutex<L>, std::sync::Condvar),
    f: impl FnOnce() -> R,
) -> R {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            failed.store(true, std::sync::atomic::Ordering::Relaxed);
            let (lock, cv) = line;
            drop(lock.lock().unwrap_or_else(|e| e.into_inner()));
            cv.notify_all();
            std::panic::resume_unwind(p);
        }
    }
}

/// Results held at once ahead of the sink, and while the lexicon is being
/// built (see [`for_each_staged`]). A worker that reaches the early window
/// finishes the lowest prepared file itself, which waits for the lexicon
/// while its core idles. When jieba's whole dictionary was still built at
/// start (0.1 s and more), the workers reached 1,024 places on the
/// 2,401-file benchmark folder (9 KB files, 70 µs each to read), and 4,096
/// made the scan 59 ms faster (`bench/ab.py`, 13 of 16 pairs). What is held
/// is bounded by what the workers read meanwhile, not by the window (peak
/// RSS on 10,000 files went from 237–242 to 249–254 MB).
const WINDOW: usize = 64;
const EARLY_WINDOW: usize = 4096;

/// Read every input and analyse its documents with `analyse` on all threads,
/// handing each file's results to `sink` in path order. While the lexicon
/// is being built (a few hundredths of a second), workers read files ahead
/// instead of waiting for it.
pub fn analyse_inputs<T, G, S>(inputs: &[Input], opts: &Options, analyse: G, sink: S)
where
    T: Send,
    G: Fn(Vec<Document>) -> T + Sync + Send,
    S: FnMut(T) + Send,
{
    guard::install_quiet_panic_hook();
    for_each_staged(
        inputs,
        WINDOW,
        EARLY_WINDOW,
        |i| read_file(i, opts),
        analyse,
        crate::detect::ready,
        sink,
    );
}

/// Read every input and hand each document to `sink` in path order.
pub fn read_inputs<S: FnMut(Document) + Send>(inputs: &[Input], opts: &Options, mut sink: S) {
    guard::install_quiet_panic_hook();
    for_each_ordered(
        inputs,
        WINDOW,
        |i| read_file(i, opts),
        |docs| {
            for d in docs {
                sink(d)
            }
        },
    );
}

fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Read one file from disk: one document, or several for an archive.
pub fn read_file(input: &Input, opts: &Options) -> Vec<Document> {
    let path = &input.path;
    let ext = extension(&input.display);
    let fail = |kind, detail: String| {
        vec![Document::failed(
            input.display.clone(),
            Format::Other,
            &ExtractError::new(kind, detail),
        )]
    };
    // One open, one stat of the open file (not of the path, then again by
    // `fs::read`), one read of the stated size and one to see the end.
    let read = || -> std::io::Result<Result<Vec<u8>, u64>> {
        use std::io::Read;
        let mut f = std::fs::File::open(path)?;
        let len = f.metadata()?.len();
        if len > MAX_FILE_BYTES {
            return Ok(Err(len));
        }
        let mut bytes = vec![0u8; len as usize];
        let mut n = 0;
        while n < bytes.len() {
            match f.read(&mut bytes[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        bytes.truncate(n);
        if n as u64 == len {
            // A file that grew after the stat is read on, up to the cap
            // plus one byte (and then refused).
            f.take(MAX_FILE_BYTES + 1 - len).read_to_end(&mut bytes)?;
        }
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Ok(Err(bytes.len() as u64));
        }
        Ok(Ok(bytes))
    };
    let bytes = match read() {
        Ok(Ok(b)) => b,
        Ok(Err(len)) => {
            return fail(
                ErrorKind::TooLarge,
                format!("{len} bytes (cap {MAX_FILE_BYTES})"),
            )
        }
        Err(e) => return fail(ErrorKind::Io, e.to_string()),
    };
    read_bytes(input.display.clone(), &ext, bytes, 0, opts)
}

/// Read one document from bytes. `depth` counts enclosing archives.
pub fn read_bytes(
    display: String,
    ext: &str,
    bytes: Vec<u8>,
    depth: usize,
    opts: &Options,
) -> Vec<Document> {
    let format = match sniff::sniff(&bytes, ext) {
        Ok(f) => f,
        Err(e) => {
            let format = if e.kind.is_skip() {
                Format::Other
            } else {
                format_of_ext(ext)
            };
            return vec![Document::failed(display, format, &e)];
        }
    };
    if format == Format::Zip {
        return read_archive(display, bytes, depth, opts);
    }
    if format == Format::Other {
        return vec![Document::failed(
            display,
            Format::Other,
            &ExtractError::new(
                ErrorKind::NotDocument,
                format!(".{ext}: a spreadsheet or presentation, not a document"),
            ),
        )];
    }
    match guard::extract_guarded(format, Arc::new(bytes), opts.timeout) {
        Ok(x) => vec![build(display, format, x)],
        Err(e) => vec![Document::failed(display, format, &e)],
    }
}

fn format_of_ext(ext: &str) -> Format {
    match ext {
        "docx" => Format::Docx,
        "doc" => Format::Doc,
        "wps" => Format::Wps,
        "pdf" => Format::Pdf,
        "ofd" => Format::Ofd,
        "odt" => Format::Odt,
        "rtf" => Format::Rtf,
        "zip" => Format::Zip,
        "htm" | "html" | "shtml" => Format::Html,
        "txt" | "text" => Format::Txt,
        _ => Format::Other,
    }
}

fn read_archive(display: String, bytes: Vec<u8>, depth: usize, opts: &Options) -> Vec<Document> {
    if depth >= 2 {
        let e = ExtractError::new(
            ErrorKind::Unsupported,
            "archive nested more than one level deep",
        );
        let mut d = Document::failed(display, Format::Zip, &e);
        d.message = "压缩包嵌套超过一层，未读取；请解压后重新扫描".to_string();
        return vec![d];
    }
    let members = match guard::run_guarded(opts.timeout, move || extract::zip::members(&bytes)) {
        Ok(m) => m,
        Err(e) => return vec![Document::failed(display, Format::Zip, &e)],
    };
    let mut archive = Document::failed(
        display.clone(),
        Format::Zip,
        &ExtractError::new(ErrorKind::Empty, ""),
    );
    archive.status = Status::Ok;
    archive.message = format!("压缩包，含 {} 个文件，逐一列出", members.len());
    if members.is_empty() {
        archive.status = Status::Warning;
        archive.message = "压缩包中没有文件".to_string();
    }
    archive.engine = "zip".to_string();
    let mut out = vec![archive];
    for m in members {
        let name = format!("{display}/{}", m.name);
        match m.bytes {
            Ok(b) => out.extend(read_bytes(name, &extension(&m.name), b, depth + 1, opts)),
            Err(e) => out.push(Document::failed(name, Format::Other, &e)),
        }
    }
    out
}

/// From raw text to a document: normalize, then metadata.
pub fn build(path: String, format: Format, x: extract::Extracted) -> Document {
    let norm = normalize::normalize(&x.pages);
    let meta = meta::extract_meta(&norm);
    let mut status = Status::Ok;
    let mut message = String::new();
    if norm.text.trim().is_empty() {
        let e = ExtractError::new(ErrorKind::Empty, "no text after extraction");
        status = Status::Error;
        message = e.message();
    } else if !x.warnings.is_empty() {
        status = Status::Warning;
        message = format!("部分内容未能读取：{}", x.warnings.join("；"));
    }
    Document {
        path,
        format,
        status,
        message,
        engine: x.engine.to_string(),
        meta,
        norm,
        extras: x.extras,
        warnings: x.warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::for_each_ordered;

    #[test]
    fn files_are_read_whole_and_refused_past_the_cap_or_when_missing() {
        use super::{collect_inputs, read_file, Options, MAX_FILE_BYTES};
        use crate::document::Status;
        let dir = tempfile::tempdir().unwrap();
        let text = "第一条　将严重失信主体名单信息纳入信用记录。\n".repeat(2000);
        std::fs::write(dir.path().join("a.txt"), &text).unwrap();
        // A sparse file one byte past the cap: refused without being read.
        let big = std::fs::File::create(dir.path().join("b.txt")).unwrap();
        big.set_len(MAX_FILE_BYTES + 1).unwrap();
        let inputs = collect_inputs(&[dir.path().to_path_buf()]);
        assert_eq!(inputs.len(), 2);
        let opts = Options::default();
        let a = read_file(&inputs[0], &opts);
        assert_eq!(a[0].status, Status::Ok);
        assert_eq!(a[0].norm.text.matches("纳入信用记录").count(), 2000);
        let b = read_file(&inputs[1], &opts);
        assert_eq!(b[0].status, Status::Error);
        assert!(!b[0].message.is_empty());
        // A file gone between listing and reading is reported, not lost.
        std::fs::remove_file(dir.path().join("a.txt")).unwrap();
        let gone = read_file(&inputs[0], &opts);
        assert_eq!(gone[0].status, Status::Error);
        assert!(gone[0].path.ends_with("a.txt"));
    }

    #[test]
    fn results_come_in_item_order_whatever_the_timing() {
        let items: Vec<u64> = (0..300).collect();
        let mut got = Vec::new();
        for_each_ordered(
            &items,
            4,
            |&i| {
                // Uneven work, so that later items often finish first.
                std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 200));
                i * 2
            },
            |r| got.push(r),
        );
        assert_eq!(got, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn staged_work_is_finished_only_once_ready_and_comes_in_order() {
        use super::for_each_staged;
        use std::sync::atomic::{AtomicBool, Ordering};
        let items: Vec<u64> = (0..500).collect();
        let ready = AtomicBool::new(false);
        let mut got = Vec::new();
        for_each_staged(
            &items,
            4,
            1000,
            |&i| {
                std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 100));
                if i == 40 {
                    ready.store(true, Ordering::SeqCst);
                }
                i * 3
            },
            |p| {
                assert!(ready.load(Ordering::SeqCst), "finished before ready");
                p + 1
            },
            || ready.load(Ordering::SeqCst),
            |r| got.push(r),
        );
        assert_eq!(got, items.iter().map(|i| i * 3 + 1).collect::<Vec<_>>());
    }

    #[test]
    fn staged_work_that_never_gets_ready_still_finishes_in_order() {
        use super::for_each_staged;
        let items: Vec<u64> = (0..300).collect();
        let mut got = Vec::new();
        // The early window (16) is reached again and again: workers then
        // finish what they hold instead of waiting for the sink.
        for_each_staged(&items, 2, 16, |&i| i, |p| p * 2, || false, |r| got.push(r));
        assert_eq!(got, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_panicking_item_stops_the_run_instead_of_hanging_it() {
        let items: Vec<u64> = (0..200).collect();
        let run = std::panic::catch_unwind(|| {
            for_each_ordered(
                &items,
                2,
                |&i| {
                    assert!(i != 3, "item 3 fails");
                    i
                },
                |_| {},
            )
        });
        assert!(run.is_err());
        // Likewise a sink that panics, with workers waiting for it to advance.
        let run = std::panic::catch_unwind(|| {
            for_each_ordered(
                &items,
                2,
                |&i| i,
                |i| assert!(i != 3, "the sink fails on 3"),
            )
        });
        assert!(run.is_err());
    }

    #[test]
    fn the_sink_runs_on_the_workers_and_sees_every_result_once_in_order() {
        let items: Vec<u64> = (0..5000).collect();
        let main = std::thread::current().id();
        let mut got = Vec::new();
        let mut on_main = 0;
        for_each_ordered(
            &items,
            8,
            |&i| i * 3,
            |r| {
                on_main += usize::from(std::thread::current().id() == main);
                got.push(r)
            },
        );
        assert_eq!(got, items.iter().map(|i| i * 3).collect::<Vec<_>>());
        assert_eq!(on_main, 0);
    }
}
