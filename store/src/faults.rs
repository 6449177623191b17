//! Fault injection for the store's own tests (feature `fault-injection`): every step of an append
//! and of a checkpoint that can fail in real life (a write, a commit) is named here, and a test can
//! make the n-th step from now fail as storage fails. Without the feature each step is a no-op.

use affiliate_kit::Error;

/// The step counter of one durable program.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    #[cfg(feature = "fault-injection")]
    state: std::cell::RefCell<Plan>,
}

#[cfg(feature = "fault-injection")]
#[derive(Debug, Default)]
struct Plan {
    /// Steps left before the one that fails (`None`: no fault planned).
    fail_in: Option<u64>,
    /// The step at which the process dies (SIGKILL: no cleanup, no core file).
    die_at: Option<&'static str>,
    /// Every step taken, in order.
    taken: Vec<&'static str>,
}

impl Faults {
    /// Passes a fallible step; fails it when it is the planned one.
    #[cfg_attr(not(feature = "fault-injection"), allow(clippy::unused_self))]
    #[inline]
    pub(crate) fn step(&self, name: &'static str) -> Result<(), Error> {
        #[cfg(feature = "fault-injection")]
        {
            let mut plan = self.state.borrow_mut();
            if plan.die_at == Some(name) {
                die();
            }
            plan.taken.push(name);
            match plan.fail_in {
                Some(0) => {
                    plan.fail_in = None;
                    return Err(Error::Storage { operation: name.to_string(), reason: "injected fault".into() });
                }
                Some(n) => plan.fail_in = Some(n - 1),
                None => {}
            }
        }
        let _ = name;
        Ok(())
    }

    /// Makes the step `n` steps from now fail (`0`: the next one).
    #[cfg(feature = "fault-injection")]
    pub(crate) fn fail_in(&self, n: u64) {
        self.state.borrow_mut().fail_in = Some(n);
    }

    /// Makes the process die at the next step named `step`.
    #[cfg(feature = "fault-injection")]
    pub(crate) fn die_at(&self, step: &'static str) {
        self.state.borrow_mut().die_at = Some(step);
    }

    /// The steps taken so far, and forgets them.
    #[cfg(feature = "fault-injection")]
    pub(crate) fn take_steps(&self) -> Vec<&'static str> {
        std::mem::take(&mut self.state.borrow_mut().taken)
    }
}

/// Kills this process with SIGKILL (as a crash or the OOM killer would), from a test's fault plan.
#[cfg(feature = "fault-injection")]
fn die() -> ! {
    let pid = std::process::id().to_string();
    let _ = std::process::Command::new("kill").args(["-KILL", &pid]).status();
    // `kill` is a shell utility everywhere the tests run; if it failed, die all the same.
    std::process::abort();
}
