// kubelet-lite — main.swift
// Entry point. Signals are blocked before anything else can start a thread (notes §3.2).

import Glibc
import KubeletLiteRuntime

SupervisorSignals.blockEarly()
exit(CommandLineTool.main(Array(CommandLine.arguments.dropFirst())).rawValue)
