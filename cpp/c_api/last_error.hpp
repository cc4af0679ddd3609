// The one message slot behind ae_last_error(), shared by the explorer's and the lab's C ABI.
#pragma once

// Sets the message ae_last_error() returns ("" on success) and returns `status`.
int ae_report_outcome(int status, const char* message);
