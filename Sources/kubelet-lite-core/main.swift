// kubelet-lite — main.swift
// Entry point. Signals are blocked before anything else can start a thread (architecture §8.4).

import Glibc
import KubeletLiteRuntime

SupervisorSignals.blockEarly()
exit(CommandLineTool.main(Array(CommandLine.arguments.dropFirst())).rawValue)
