//! Buffers reused from one article to the next.
//!
//! A worker extracts article after article; allocating each stage's lists
//! afresh was some forty mallocs an article, and in the CLI's workers
//! malloc and free were a tenth of the samples.

/// The bytes a reused buffer keeps between articles: a huge article may
/// grow one past this once, but memory stays flat after it.
pub(crate) const KEEP_BYTES: usize = 1 << 20;

/// Empties `v` for the next article, giving back what it holds past
/// [`KEEP_BYTES`].
pub(crate) fn recycle<T>(v: &mut Vec<T>) {
    v.clear();
    let size = size_of::<T>().max(1);
    if v.capacity() * size > KEEP_BYTES {
        v.shrink_to(KEEP_BYTES / size);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recycle_empties_and_caps_what_a_buffer_keeps() {
        // (capacity before, capacity kept at most, at least)
        let cases = [
            (16usize, 16usize, 16usize),
            (KEEP_BYTES / 8, KEEP_BYTES / 8, KEEP_BYTES / 8),
            (KEEP_BYTES, KEEP_BYTES / 8, 0),
        ];
        for (before, most, least) in cases {
            let mut v: Vec<u64> = Vec::with_capacity(before);
            v.resize(before, 7);
            recycle(&mut v);
            assert!(v.is_empty(), "{before}");
            assert!(v.capacity() <= most, "{before}: kept {}", v.capacity());
            assert!(v.capacity() >= least, "{before}: kept {}", v.capacity());
        }
    }
}
