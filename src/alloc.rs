//! The allocator of the binary: mimalloc, asked without an alignment where
//! its plain calls already give the one asked for.
//!
//! The `mimalloc` crate's `GlobalAlloc` passes every allocation's alignment
//! to `mi_malloc_aligned` and `mi_realloc_aligned`, whose checks (is the
//! alignment a power of two, is the free block it would hand out aligned,
//! and for blocks over 1 KB the generic aligned path) come on top of the
//! allocation itself: 1 % of the benchmark folder's instructions
//! (bench/HISTORY.md note 70). Nearly all of a scan's allocations are strings
//! and vectors aligned to 8 bytes or less, which every mimalloc block is
//! (blocks are multiples of 8 bytes from a 16-byte aligned start); only
//! larger alignments take the aligned calls.

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;
use libmimalloc_sys as ffi;

/// The alignment of every block `mi_malloc` returns.
const PLAIN_ALIGN: usize = 8;

pub struct MiMalloc;

// SAFETY: every method hands mimalloc's own contract through: blocks come
// from mi_malloc / mi_zalloc / mi_realloc (aligned to PLAIN_ALIGN) or their
// aligned forms, and go back through mi_free, which takes either.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            // SAFETY: see the impl.
            unsafe { ffi::mi_malloc(layout.size()) as *mut u8 }
        } else {
            // SAFETY: see the impl.
            unsafe { ffi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            // SAFETY: see the impl.
            unsafe { ffi::mi_zalloc(layout.size()) as *mut u8 }
        } else {
            // SAFETY: see the impl.
            unsafe { ffi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: see the impl.
        unsafe { ffi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            // SAFETY: see the impl.
            unsafe { ffi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8 }
        } else {
            // SAFETY: see the impl.
            unsafe {
                ffi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every size class up to 64 KB, and a few larger, for each
    /// alignment from 1 to 4 KB: aligned, writable, zeroed when asked, and
    /// their contents kept through a reallocation.
    #[test]
    fn every_block_has_the_alignment_asked_for() {
        let a = MiMalloc;
        let mut sizes: Vec<usize> = (1..=64).chain((1..=16).map(|k| k * 4096)).collect();
        sizes.extend([1 << 20, 3 << 20]);
        for align in (0..=12).map(|k| 1usize << k) {
            for &size in &sizes {
                let Ok(layout) = Layout::from_size_align(size, align) else {
                    continue;
                };
                // SAFETY: non-zero sizes; each block is freed with its layout.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    p.write_bytes(0xA5, size);
                    let q = a.realloc(p, layout, size * 2 + 8);
                    assert_eq!(q as usize % align, 0, "realloc {size}, align {align}");
                    assert_eq!(*q, 0xA5);
                    assert_eq!(*q.add(size - 1), 0xA5);
                    a.dealloc(q, Layout::from_size_align_unchecked(size * 2 + 8, align));
                    let z = a.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0, "zeroed {size}, align {align}");
                    assert!(std::slice::from_raw_parts(z, size).iter().all(|b| *b == 0));
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
