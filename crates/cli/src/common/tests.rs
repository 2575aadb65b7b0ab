use std::time::Duration;

use indicatif::{InMemoryTerm, ProgressDrawTarget};

use super::Progress;

/// Ticks a bar through `total` units and returns what a terminal would show meanwhile.
fn drawn(terminal: bool, delay: Duration) -> (String, String) {
    let term = InMemoryTerm::new(4, 120);
    let target = terminal.then(|| ProgressDrawTarget::term_like(Box::new(term.clone())));
    let progress = Progress::drawn_on(10, "forecast", target, delay);
    for _ in 0..5 {
        progress.tick(1);
    }
    let during = term.contents();
    progress.finish();
    (during, term.contents())
}

#[test]
fn a_bar_appears_on_a_terminal_once_the_delay_has_passed_and_is_cleared_at_the_end() {
    let (during, after) = drawn(true, Duration::ZERO);
    assert!(during.contains("forecast [") && during.contains("/10"), "{during:?}");
    assert_eq!(after.trim(), "", "the bar is cleared when the work ends");
}

#[test]
fn work_shorter_than_the_delay_draws_nothing() {
    let (during, _) = drawn(true, Duration::from_secs(3600));
    assert_eq!(during.trim(), "");
}

#[test]
fn without_a_terminal_nothing_is_drawn() {
    // No target is what `Progress::start` gives when stderr is a pipe or a file.
    let (during, after) = drawn(false, Duration::ZERO);
    assert_eq!((during.trim(), after.trim()), ("", ""));
}
