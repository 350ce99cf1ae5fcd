package twins
