// kubelet-lite — TextColumns.swift
// Padding and trimming for the column layouts of the kubectl views.

extension String {
    /// The string padded with spaces to `width`; a string already as wide gets one space, so
    /// columns never run together.
    func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    /// The string without leading and trailing whitespace (kubectl trims event messages).
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
