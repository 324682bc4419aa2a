"""An import cycle that proves nothing: each module takes `Session` from the other."""
from myapp.cyc_b import Session
