"""Spoken audio: the text-to-speech engine behind one module, the rendered
files (`SpokenText`), and the renderer that keeps them in step with lessons."""
