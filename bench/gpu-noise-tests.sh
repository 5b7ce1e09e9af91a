#!/usr/bin/env bash
# Runs the tests of what the host writes into ND4J arrays (gradient noise, minibatch rows) and of the
# noise updater on a machine with an NVIDIA GPU and CUDA 11.6, on ND4J's CUDA backend (-Pcuda). ND4J
# picks the CUDA backend when a GPU and the runtime are present; the first lines of the output name it.
# The tests compare noise and steps with values computed on the host, so a device copy that was not
# refreshed after a host write shows up as a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -Pcuda test \
  -Dtest='GradientNoiseUpdaterTests,GradientNoiseNetworkTests,MinibatchRowsTests,MinibatchStepTests,TrainerTests' \
  -Dsurefire.failIfNoSpecifiedTests=false "$@"
