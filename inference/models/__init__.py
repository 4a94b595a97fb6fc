"""Models: the model card, opening ONNX models (sessions, heads, devices), the built-in baseline, the catalogue and downloads."""
