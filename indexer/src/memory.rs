//! Giving freed memory back to the system during a long load.
//!
//! A load parses each source on several threads, and glibc's allocator keeps an arena per
//! thread: the pages a written source's records held stay with the process after they
//! are freed, so its resident memory grows towards the sum of every arena's peak.
//! `malloc_trim` hands each arena's free pages back. Where the allocator is not glibc's,
//! this does nothing.

/// Returns the pages of memory already freed to the system.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}
