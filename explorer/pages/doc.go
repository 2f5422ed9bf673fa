// Package pages gets memory that the kernel has backed before it is
// written: the large blocks a search fills one after the other (a store's
// chunks, the liveness graph's), which would otherwise take a page fault
// for each page as they are first written.
package pages
