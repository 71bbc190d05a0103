import Probe
