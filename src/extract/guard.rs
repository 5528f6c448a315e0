//! Guards around the readers: a panic in a third-party parser becomes an
//! error value, and a reader that runs past its time budget is abandoned.
//!
//! `catch_unwind` cannot stop an infinite loop, so each guarded call runs on
//! its own thread and the caller waits with a deadline. An abandoned thread
//! keeps running until its parser returns; its result is dropped.

use super::{extract_format, ErrorKind, ExtractError, Extracted, Format, Result};
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Arc, Once};
use std::time::Duration;

/// Name prefix of guard threads: the panic hook stays quiet for them.
const GUARD_THREAD: &str = "taizhang-guard";

/// Replace the panic hook once so that panics caught by the guard do not
/// flood the terminal; panics elsewhere still print as usual.
pub fn install_quiet_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let guarded = INLINE.with(Cell::get)
                || std::thread::current()
                    .name()
                    .is_some_and(|n| n.starts_with(GUARD_THREAD));
            if !guarded {
                previous(info);
            }
        }));
    });
}

thread_local! {
    /// Set while this thread runs a call inline under [`run_inline`]: the
    /// panic hook stays quiet for it as for guard threads.
    static INLINE: Cell<bool> = const { Cell::new(false) };
}

/// Plain text up to this size is read on the calling thread: decoding it is
/// linear and takes milliseconds, far less than handing the call to the
/// guard thread and back (two thread switches per file).
const INLINE_TXT_BYTES: usize = 4 << 20;

/// Run `f` on this thread, turning a panic into `ErrorKind::Panic`: for
/// readers whose time is bounded by the input's size, where no deadline is
/// needed.
pub fn run_inline<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    install_quiet_panic_hook();
    INLINE.with(|q| q.set(true));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    INLINE.with(|q| q.set(false));
    match r {
        Ok(r) => r,
        Err(payload) => Err(ExtractError::new(ErrorKind::Panic, panic_text(&payload))),
    }
}

/// A job for a guard thread: runs the guarded call and sends its result.
type Job = Box<dyn FnOnce() + Send>;

thread_local! {
    /// This thread's guard thread, kept from one call to the next: a thread
    /// (with its 16 MB stack and its allocator pages) per file made the
    /// kernel map and zero fresh memory for every file. A guard thread whose
    /// call overran is abandoned and a new one started.
    static GUARD: RefCell<Option<mpsc::Sender<Job>>> = const { RefCell::new(None) };
}

fn start_guard_thread() -> std::io::Result<mpsc::Sender<Job>> {
    let (tx, rx) = mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name(GUARD_THREAD.to_string())
        .stack_size(16 * 1024 * 1024)
        .spawn(move || {
            // Ends when the owner drops its sender (it ended, or gave up on
            // this thread after a timeout).
            while let Ok(job) = rx.recv() {
                job();
            }
        })?;
    Ok(tx)
}

/// Run `f` on a guard thread with a deadline, turning panics into
/// `ErrorKind::Panic` and overruns into `ErrorKind::Timeout`.
pub fn run_guarded<T, F>(budget: Duration, f: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    install_quiet_panic_hook();
    let (tx, rx) = mpsc::sync_channel(1);
    let job: Job = Box::new(move || {
        let r = panic::catch_unwind(AssertUnwindSafe(f));
        // The receiver may have given up (timeout): ignore the send error.
        let _ = tx.send(r);
    });
    let sent = GUARD.with(|g| -> std::io::Result<()> {
        let mut g = g.borrow_mut();
        let mut job = job;
        if let Some(sender) = g.as_ref() {
            match sender.send(job) {
                Ok(()) => return Ok(()),
                // That thread has ended (it cannot, short of an abort).
                Err(mpsc::SendError(back)) => job = back,
            }
        }
        let sender = start_guard_thread()?;
        let r = sender
            .send(job)
            .map_err(|_| std::io::Error::other("reader thread ended at once"));
        *g = Some(sender);
        r
    });
    if let Err(e) = sent {
        return Err(ExtractError::new(
            ErrorKind::Io,
            format!("cannot start reader thread: {e}"),
        ));
    }
    let abandon = || GUARD.with(|g| g.borrow_mut().take());
    match rx.recv_timeout(budget) {
        Ok(Ok(r)) => r,
        Ok(Err(payload)) => Err(ExtractError::new(ErrorKind::Panic, panic_text(&payload))),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            // The call may run on forever: leave that thread to it.
            abandon();
            Err(ExtractError::new(
                ErrorKind::Timeout,
                format!("no result within {} s", budget.as_secs()),
            ))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            abandon();
            Err(ExtractError::new(
                ErrorKind::Panic,
                "reader thread ended without a result",
            ))
        }
    }
}

/// Read `bytes` as `format` under the guard.
pub fn extract_guarded(format: Format, bytes: Arc<Vec<u8>>, budget: Duration) -> Result<Extracted> {
    if format == Format::Txt && bytes.len() <= INLINE_TXT_BYTES {
        return run_inline(|| extract_format(format, &bytes));
    }
    run_guarded(budget, move || extract_format(format, &bytes))
}

/// The message of a panic payload (`&str` or `String`), for the user's report.
pub fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        format!("panic: {s}")
    } else if let Some(s) = payload.downcast_ref::<String>() {
        format!("panic: {s}")
    } else {
        "panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_errors() {
        let r: Result<()> =
            run_guarded(Duration::from_secs(5), || panic!("unsupported encoding X"));
        let e = r.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Panic);
        assert!(e.detail.contains("unsupported encoding X"));
    }

    #[test]
    fn inline_calls_turn_panics_into_errors_and_run_on_this_thread() {
        let r: Result<()> = run_inline(|| panic!("bad table"));
        let e = r.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Panic);
        assert!(e.detail.contains("bad table"));
        assert!(!INLINE.with(Cell::get), "the quiet flag is cleared");
        let here = std::thread::current().id();
        assert_eq!(
            run_inline(|| Ok(std::thread::current().id())).ok(),
            Some(here)
        );
        // Small plain text is read inline, the rest on the guard thread.
        let small = Arc::new("第一条 信用修复。".as_bytes().to_vec());
        let text = extract_guarded(Format::Txt, small, Duration::from_secs(5));
        assert!(text.is_ok_and(|x| x.pages[0].contains("信用修复")));
    }

    #[test]
    fn overruns_become_timeouts_and_do_not_block_the_next_call() {
        let r: Result<()> = run_guarded(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_millis(2000));
            Ok(())
        });
        assert_eq!(r.unwrap_err().kind, ErrorKind::Timeout);
        // The stuck thread is abandoned: the next call runs at once on a
        // new one.
        assert_eq!(
            run_guarded(Duration::from_millis(1000), || Ok(3)).ok(),
            Some(3)
        );
    }

    #[test]
    fn calls_share_one_guard_thread_and_survive_panics() {
        let id = || {
            run_guarded(Duration::from_secs(5), || Ok(std::thread::current().id())).expect("runs")
        };
        let first = id();
        let r: Result<()> = run_guarded(Duration::from_secs(5), || panic!("boom"));
        assert_eq!(r.unwrap_err().kind, ErrorKind::Panic);
        assert_eq!(id(), first);
        assert_ne!(first, std::thread::current().id());
    }

    #[test]
    fn results_pass_through() {
        let r = run_guarded(Duration::from_secs(5), || Ok(7));
        assert_eq!(r.ok(), Some(7));
    }
}
