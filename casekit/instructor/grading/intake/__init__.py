"""Taking submissions in: who handed in which lesson (file names, LMS layouts, content), and reading each notebook."""
