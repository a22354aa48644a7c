<#
    The string lists of the module's objects (Sites, Hostnames, Kept, Notes, SubjectNames, ...): a list of strings
    like any other, that Export-Csv and other text conversions write as its items ('a, b') instead of the type name
    'System.String[]'.
#>
class CertRebindStringList : System.Collections.Generic.List[System.String] {
    # The strings of a JSON array of the envelope ($null items and a missing array left out), in one call.
    static [CertRebindStringList] Of([System.Object] $Value) {
        $list = [CertRebindStringList]::new()
        foreach ($item in $Value) {
            if ($null -ne $item) {
                $list.Add([System.String] $item)
            }
        }
        return $list
    }

    [System.String] ToString() {
        return [System.String]::Join(', ', $this.ToArray())
    }
}
