"""Conversion of IGN's checkpoints into ONNX models carrying our card."""
