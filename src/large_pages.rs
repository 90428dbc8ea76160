//! The process's allocator: the system's, except for large blocks. A
//! search loads its index (tens of MiB) into fresh memory on every
//! `chartq search`; in 4 KiB pages that is some 15,000 page faults, about
//! a third of a warm search's time. Blocks of 2 MiB and more are mapped
//! here instead, aligned to 2 MiB and advised to the kernel as huge-page
//! candidates (`MADV_HUGEPAGE`), so they fault in 2 MiB at a time where
//! the kernel offers transparent huge pages ("madvise" or "always");
//! elsewhere the advice is ignored and they fault as before. Small blocks
//! go to the system allocator untouched.

use std::alloc::{GlobalAlloc, Layout, System};

/// The huge-page size (x86-64 and arm64); blocks this large are mapped here.
const HUGE_PAGE: usize = 2 << 20;

/// [`System`] for small blocks; aligned, advised mappings for large ones.
pub struct LargePages;

/// Whether a block of `layout` is one of ours (decided by its size alone,
/// so `dealloc` and `realloc` know where a block came from).
fn is_large(layout: &Layout) -> bool {
    layout.size() >= HUGE_PAGE && layout.align() <= HUGE_PAGE
}

/// The mapping's length for a block of `size` bytes: whole huge pages.
fn mapped_len(size: usize) -> Option<usize> {
    size.checked_next_multiple_of(HUGE_PAGE)
}

/// Maps `size` bytes aligned to [`HUGE_PAGE`], advised; null on failure.
fn map_large(size: usize) -> *mut u8 {
    let Some(len) = mapped_len(size) else {
        return std::ptr::null_mut();
    };
    let Some(over) = len.checked_add(HUGE_PAGE) else {
        return std::ptr::null_mut();
    };
    // SAFETY: a fresh anonymous private mapping; checked before use. The
    // unaligned head and the tail beyond `len` are unmapped at once, so
    // exactly [start, start + len) stays mapped (what `unmap_large` frees).
    unsafe {
        let raw = libc::mmap(
            std::ptr::null_mut(),
            over,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if raw == libc::MAP_FAILED {
            return std::ptr::null_mut();
        }
        let raw = raw as usize;
        let start = raw.next_multiple_of(HUGE_PAGE);
        if start > raw {
            libc::munmap(raw as *mut libc::c_void, start - raw);
        }
        let tail = raw + over - (start + len);
        if tail > 0 {
            libc::munmap((start + len) as *mut libc::c_void, tail);
        }
        // A kernel without transparent huge pages refuses the advice:
        // the block is still good, in small pages.
        libc::madvise(start as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
        start as *mut u8
    }
}

/// Frees a block [`map_large`] made for `size` bytes.
///
/// # Safety
/// `ptr` came from `map_large(size)` and is not used again.
unsafe fn unmap_large(ptr: *mut u8, size: usize) {
    if let Some(len) = mapped_len(size) {
        // SAFETY: exactly the mapping `map_large` left for this size.
        unsafe { libc::munmap(ptr.cast(), len) };
    }
}

// SAFETY: small blocks are forwarded to `System` unchanged; large blocks
// are whole fresh mappings, aligned beyond any alignment they accept,
// zeroed by the kernel, and freed by the size their layout gives.
unsafe impl GlobalAlloc for LargePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if is_large(&layout) {
            map_large(layout.size())
        } else {
            // SAFETY: forwarded unchanged.
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if is_large(&layout) {
            // Fresh anonymous pages are zero.
            map_large(layout.size())
        } else {
            // SAFETY: forwarded unchanged.
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if is_large(&layout) {
            // SAFETY: a large layout's block came from `map_large`.
            unsafe { unmap_large(ptr, layout.size()) }
        } else {
            // SAFETY: forwarded unchanged.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return std::ptr::null_mut();
        };
        match (is_large(&layout), is_large(&new_layout)) {
            // SAFETY: forwarded unchanged.
            (false, false) => unsafe { System.realloc(ptr, layout, new_size) },
            // Within the mapping already made (its whole huge pages).
            (true, true) if mapped_len(new_size) == mapped_len(layout.size()) => ptr,
            _ => {
                // SAFETY: a new block of the new layout, the old one's
                // bytes copied (as many as both hold), the old one freed
                // by its own layout, as `GlobalAlloc::realloc` requires.
                unsafe {
                    let new = self.alloc(new_layout);
                    if !new.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    new
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Allocates through [`LargePages`] as `Vec` would.
    fn layout(size: usize) -> Layout {
        Layout::from_size_align(size, 8).expect("layout")
    }

    #[test]
    fn large_blocks_are_aligned_zeroed_and_hold_their_bytes_across_growth_and_shrinking() {
        let a = LargePages;
        let small = 4096;
        let large = 3 * HUGE_PAGE + 17;
        // SAFETY: each pointer is used within its layout and freed once.
        unsafe {
            let p = a.alloc_zeroed(layout(large));
            assert!(!p.is_null());
            assert_eq!(p as usize % HUGE_PAGE, 0);
            assert!(std::slice::from_raw_parts(p, large).iter().all(|&b| b == 0));
            for i in (0..large).step_by(4093) {
                *p.add(i) = (i % 251) as u8;
            }
            // Grows within its mapping, then beyond it.
            let p = a.realloc(p, layout(large), large + 100);
            let p = a.realloc(p, layout(large + 100), 5 * HUGE_PAGE);
            for i in (0..large).step_by(4093) {
                assert_eq!(*p.add(i), (i % 251) as u8);
            }
            // Shrinks to a small block from the system allocator.
            let q = a.realloc(p, layout(5 * HUGE_PAGE), small);
            for i in (0..small).step_by(4093) {
                assert_eq!(*q.add(i), (i % 251) as u8);
            }
            // And grows from small to large again.
            let r = a.realloc(q, layout(small), 2 * HUGE_PAGE);
            assert_eq!(*r, 0);
            a.dealloc(r, layout(2 * HUGE_PAGE));
        }
    }

    #[test]
    fn alignment_beyond_a_huge_page_goes_to_the_system_allocator() {
        let big_align = Layout::from_size_align(HUGE_PAGE, 2 * HUGE_PAGE).expect("layout");
        assert!(!is_large(&big_align));
        assert!(is_large(&layout(HUGE_PAGE)));
        assert!(!is_large(&layout(HUGE_PAGE - 1)));
    }

    #[test]
    fn an_impossible_size_is_refused_not_wrapped() {
        assert!(map_large(usize::MAX - 1).is_null());
    }
}
