# The class of CertRebind.Change objects, untyped and without methods for the reason CertRebindBinding.ps1 gives.
class CertRebindChange {
    [System.Object] $Kind
    [System.Object] $Endpoint
    [System.Object] $Sites
    [System.Object] $Hostnames
    [System.Object] $From
    [System.Object] $To
    [System.Object] $StoreFrom
    [System.Object] $StoreTo
    [System.Object] $Status
    [System.Object] $Code
    [System.Object] $Reason
    [System.Object] $Kept
    [System.Object] $Notes
    # What the change needs besides its write, for the kinds whose binding is one service's (docs/cli-contract.md):
    # the service, whether it must restart for the change to take effect, and the accounts' read access to the key.
    [System.Object] $Service
    [System.Object] $RestartRequired
    [System.Object] $KeyAccess
    [System.Object] $RunId
    [System.Object] $HostRoot
    [System.Object] $ComputerName
}
